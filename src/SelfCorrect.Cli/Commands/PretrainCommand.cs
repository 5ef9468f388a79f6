using System.CommandLine;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Training;

namespace SelfCorrect.Cli.Commands;

static class PretrainCommand
{
    public static Command Build()
    {
        var outOpt = new Option<string>("--out") { Description = "Folder to write the checkpoint to", DefaultValueFactory = _ => "runs/base" };
        var taskOpt = new Option<string>("--task") { Description = "Built-in task: arithmetic (running sums) or code (tiny Python functions checked by running them)", DefaultValueFactory = _ => BuiltInTask.Arithmetic };
        var seedOpt = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var stepsOpt = new Option<int>("--steps") { Description = "Optimisation steps", DefaultValueFactory = _ => new PretrainConfig().Steps };
        var diffOpt = new Option<int?>("--difficulty") { Description = "Arithmetic difficulty 1-3 (default 2)" };
        var hiddenOpt = new Option<int>("--hidden") { Description = "Hidden size of the model", DefaultValueFactory = _ => new PretrainConfig().Hidden };
        var layersOpt = new Option<int>("--layers") { Description = "Decoder layers", DefaultValueFactory = _ => new PretrainConfig().Layers };
        var batchOpt = new Option<int>("--batch-size") { Description = "Conversations per step", DefaultValueFactory = _ => new PretrainConfig().BatchSize };
        var lrOpt = new Option<double?>("--lr") { Description = "Peak learning rate (default 1.5e-3)" };
        var corpusOpt = new Option<string?>("--corpus") { Description = "Arithmetic: JSON file with CorpusMix fields (fixRate, continueRate, unfinishedShare, stopUnfinishedWithoutAnswer, ...) replacing the defaults" };
        var distinctOpt = new Option<bool>("--distinct-terms") { Description = "Arithmetic: no term appears twice in a problem (stored with the checkpoint, so eval and train use it too)" };
        var cmd = new Command("pretrain", "Train the built-in base model from scratch on the corpus of a built-in task (arithmetic or code)")
            { outOpt, taskOpt, seedOpt, stepsOpt, diffOpt, hiddenOpt, layersOpt, batchOpt, lrOpt, corpusOpt, distinctOpt };
        cmd.SetAction(r =>
        {
            int steps = r.GetValue(stepsOpt);
            if (steps < 1) throw new UserError("--steps must be at least 1");
            int hidden = r.GetValue(hiddenOpt), layers = r.GetValue(layersOpt), batch = r.GetValue(batchOpt);
            if (hidden < 8 || hidden % 8 != 0) throw new UserError("--hidden must be a positive multiple of 8 (4 heads of an even size)");
            if (layers < 1) throw new UserError("--layers must be at least 1");
            if (batch < 1) throw new UserError("--batch-size must be at least 1");
            var task = BuiltInTask.Canonical(r.GetValue(taskOpt)!);
            if (task == BuiltInTask.Code && r.GetValue(diffOpt) is not null) throw new UserError("--difficulty is for the arithmetic task");
            if (r.GetValue(lrOpt) is <= 0) throw new UserError("--lr must be > 0");
            var cfg = new PretrainConfig { Seed = r.GetValue(seedOpt), Steps = steps, Hidden = hidden, Layers = layers, BatchSize = batch,
                Task = ArithmeticConfig.ForDifficulty(r.GetValue(diffOpt) ?? 2) with { DistinctTerms = r.GetValue(distinctOpt) } };
            if (r.GetValue(corpusOpt) is { } corpusPath)
            {
                if (task == BuiltInTask.Code) throw new UserError("--corpus is for the arithmetic task");
                cfg = cfg with { Corpus = LoadCorpus(corpusPath) };
            }
            if (r.GetValue(lrOpt) is { } lr) cfg = cfg with { Optim = cfg.Optim with { LearningRate = lr } };
            string outDir = r.GetValue(outOpt)!;
            string log = Path.Combine(outDir + ".log.jsonl");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var model = ConsoleProgress.Run("pretrain", report =>
            {
                void Progress(TrainProgress p) => report("steps", p.Step, p.Total);
                return task == BuiltInTask.Code ? CodePretraining.Run(cfg, outDir, log, Progress) : Pretraining.Run(cfg, outDir, log, Progress);
            });
            ConsoleProgress.Line($"saved {outDir} ({task}, {model.ParameterCount():N0} parameters) in {clock.Elapsed.TotalSeconds:F0} s");
            return 0;
        });
        return cmd;
    }

    static CorpusMix LoadCorpus(string path)
    {
        var mix = JsonFile.Read<CorpusMix>(path, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true }, "corpus");
        mix.Validate();
        return mix;
    }
}
