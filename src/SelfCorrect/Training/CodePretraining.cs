using SelfCorrect.Checkpoints;
using SelfCorrect.Model;
using SelfCorrect.Tasks.Code;
using SelfCorrect.Text;

namespace SelfCorrect.Training;

/// <summary>Trains the built-in base model from scratch on the tiny code corpus (<see cref="CodeCorpus"/>) and saves
/// it with task "code". <see cref="PretrainConfig.Task"/> (arithmetic) is not used.</summary>
public static class CodePretraining
{
    public static CausalLM Run(PretrainConfig cfg, string outDir, string? logPath, Action<TrainProgress>? progress = null, TinyCodeConfig? task = null)
    {
        task ??= new TinyCodeConfig();
        task.Validate();
        var tokenizer = new CharTokenizer();
        var corpus = new CodeCorpus().Generate(cfg.Seed, cfg.Steps * cfg.BatchSize);
        var model = Pretraining.Fit(cfg, tokenizer, Pretraining.Episodes(tokenizer, corpus, task.Instruction), logPath, progress);
        Checkpoint.Save(outDir, model, new CheckpointInfo
        {
            Tokenizer = "char", Alphabet = tokenizer.Alphabet, Task = BuiltInTask.Code, Code = task,
            MadeBy = "pretrain", Seed = cfg.Seed, Step = cfg.Steps,
        });
        return model;
    }
}
