using System.Text.Json;
using SelfCorrect.Data;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Mathematics;
using SelfCorrect.Text;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>What a Hugging Face run did, besides its history.</summary>
public sealed record HfRunResult(RlHistory History, int TrainProblems, int HeldOutProblems, int SkippedLines);

/// <summary>
/// Trains one method on a Hugging Face model (Qwen2 / Llama layout) with a math data file (MATH, GSM8K or generic
/// JSONL) in the model's chat format. With LoRA the base is frozen and doubles as the KL reference
/// (<see cref="AdapterReference"/>); without it every weight is trained against a second, frozen copy. A slice of
/// the data (<see cref="HeldOut"/>) is kept out of training for the held-out measurements. Writes OUT/metrics.jsonl,
/// OUT/run.json (the settings and the held-out ids), OUT/last (resumable), and OUT/final: the PEFT adapter with LoRA
/// (plus OUT/merged with <see cref="HfRunOptions.Merge"/>), else a Hugging Face checkpoint with the tokenizer files.
/// </summary>
public static class HfRun
{
    public const string MergedDir = "merged", RunFile = "run.json";

    public static HfRunResult Run(HfRunOptions options, RlConfig cfg, string outDir, Action<TrainProgress>? progress = null, bool resume = false)
    {
        options.Validate();
        cfg.Validate();
        var resumed = MethodRun.ResumeState(outDir, cfg, resume);
        var task = MathTasks.Canonical(options.Task);
        var loaded = DatasetLoader.Load(task, options.DataPath, PromptConfig.Default, options.SkipBadLines);
        var (train, heldOut) = HeldOut(loaded.Problems, options.HeldOutProblems);
        cfg = cfg with { EvalProblems = heldOut.Count };
        var device = HfCheckpoint.ParseDevice(options.Device);
        var dtype = HfCheckpoint.ParseDType(options.DType);
        var tokenizer = HfTokenizer.FromDirectory(options.ModelDir);
        var format = new ChatEpisodeFormat(tokenizer);
        var last = Path.Combine(outDir, MethodRun.LastDir);

        var policy = HfCheckpoint.Load(resumed is not null && options.Lora is null ? last : options.ModelDir, device, dtype);
        CausalLM? refModel = null;
        try
        {
            if (tokenizer.VocabSize > policy.Config.VocabSize)
                throw new UserError($"the tokenizer has {tokenizer.VocabSize} tokens but the model only {policy.Config.VocabSize}");
            random.manual_seed(cfg.Seed);
            if (options.Lora is { } lora)
            {
                if (resumed is null) Lora.Apply(policy, lora with { BaseModelNameOrPath = lora.BaseModelNameOrPath ?? Path.GetFullPath(options.ModelDir) });
                else if (Lora.Load(last, policy) is var saved && (saved.Rank != lora.Rank || saved.Alpha != lora.Alpha))
                    throw new UserError($"{last} holds a rank-{saved.Rank} adapter with alpha {saved.Alpha}; resume with the same --lora-rank and --lora-alpha");
            }
            Directory.CreateDirectory(outDir);
            WriteRunFile(Path.Combine(outDir, RunFile), options, cfg, train.Count, heldOut);

            Func<IReferencePolicy> reference = options.Lora is null
                ? () => new FrozenReference(refModel = HfCheckpoint.Load(options.ModelDir, device, dtype))
                : () => new AdapterReference(policy);
            var history = MethodRun.Run(policy, reference, format, MathTasks.VerifierFor(task), PromptConfig.Default.CorrectionTurn,
                options.MaxNewTokens, cfg, train, heldOut, outDir, progress, resumed, (dir, _) => Save(dir, policy, options));

            Save(Path.Combine(outDir, MethodRun.FinalDir), policy, options);
            if (options.Merge)
            {
                Lora.Merge(policy);
                HfCheckpoint.Save(Path.Combine(outDir, MergedDir), policy, copyFilesFrom: options.ModelDir);
            }
            return new HfRunResult(history, train.Count, heldOut.Count, loaded.BadLines.Count);
        }
        finally
        {
            refModel?.Dispose();
            policy.Dispose();
        }
    }

    /// <summary>
    /// Splits the problems into training and held-out ones, disjoint by prompt: the held-out ones are the first
    /// <paramref name="count"/> distinct prompts (default min(50, 10%), at least 1) in the order of a stable hash of
    /// the prompt, so the split depends on neither the file order nor the seed. Every problem with a held-out prompt
    /// stays out of training.
    /// </summary>
    public static (IReadOnlyList<Problem> Train, IReadOnlyList<Problem> HeldOut) HeldOut(IReadOnlyList<Problem> problems, int? count = null)
    {
        var prompts = problems.Select(p => p.Prompt).Distinct(StringComparer.Ordinal)
            .OrderBy(SplitAssignment.Fnv1a).ThenBy(p => p, StringComparer.Ordinal).ToList();
        if (prompts.Count < 2) throw new UserError($"the data has {prompts.Count} distinct problem(s); training needs at least 2 (one is held out)");
        int n = count ?? Math.Clamp(prompts.Count / 10, 1, 50);
        if (n >= prompts.Count) throw new UserError($"--eval-problems {n} leaves nothing to train on ({prompts.Count} distinct problems)");
        var held = prompts.Take(n).ToHashSet(StringComparer.Ordinal);
        var heldOut = problems.Where(p => held.Contains(p.Prompt)).DistinctBy(p => p.Prompt).ToList();
        var train = problems.Where(p => !held.Contains(p.Prompt)).ToList();
        return (train, heldOut);
    }

    static void Save(string dir, CausalLM policy, HfRunOptions options)
    {
        if (options.Lora is null) HfCheckpoint.Save(dir, policy, copyFilesFrom: options.ModelDir);
        else Lora.Save(dir, policy);
    }

    static void WriteRunFile(string path, HfRunOptions options, RlConfig cfg, int trainProblems, IReadOnlyList<Problem> heldOut)
    {
        var record = new Dictionary<string, object?>
        {
            ["model_dir"] = Path.GetFullPath(options.ModelDir),
            ["task"] = MathTasks.Canonical(options.Task),
            ["data"] = Path.GetFullPath(options.DataPath),
            ["method"] = MethodNames.Of(cfg.Method),
            ["seed"] = cfg.Seed,
            ["steps"] = cfg.TotalSteps,
            ["max_new_tokens"] = options.MaxNewTokens,
            ["device"] = options.Device,
            ["dtype"] = options.DType,
            ["lora"] = options.Lora is { } l ? new Dictionary<string, object> { ["r"] = l.Rank, ["alpha"] = l.Alpha, ["dropout"] = l.Dropout, ["target_modules"] = l.TargetModules } : null,
            ["train_problems"] = trainProblems,
            ["held_out_ids"] = heldOut.Select(p => p.Id).ToList(),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true }));
    }
}
