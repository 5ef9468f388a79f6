using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelfCorrect.Model;
using SelfCorrect.Training;

namespace SelfCorrect.Cli.Commands;

static class TrainCommand
{
    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    public static Command Build()
    {
        var method = new Option<string>("--method") { Description = "score | score-no-stage1 | score-no-bonus | multiturn-rl | singleturn-rl | star | pair-sft", DefaultValueFactory = _ => "score" };
        var ckpt = new Option<string?>("--checkpoint") { Description = "Built-in base model folder (from pretrain; its task, arithmetic or code, is trained). Default runs/base unless --model-dir is given" };
        var modelDir = new Option<string?>("--model-dir") { Description = "A Hugging Face model folder (Qwen2/Llama weights, tokenizer.json, chat template) to train instead of a built-in model" };
        var task = new Option<string?>("--task") { Description = "Built-in: arithmetic or code (must be the checkpoint's). --model-dir: math, gsm8k or generic (the layout of --data and the answer checker)" };
        var data = new Option<string?>("--data") { Description = "Problems (JSONL) for --model-dir: math {problem, solution}, gsm8k {question, answer}, generic {prompt, answer}" };
        var skipBad = new Option<bool>("--skip-bad-lines") { Description = "Leave out unusable lines of --data instead of stopping" };
        var evalProblems = new Option<int?>("--eval-problems") { Description = "Held-out problems measured during training (--model-dir: taken out of --data, default min(50, 10%); built-in: default 300)" };
        var loraRank = new Option<int?>("--lora-rank") { Description = "--model-dir: train LoRA adapters of this rank on a frozen base (the base is the KL reference); without it every weight is trained" };
        var loraAlpha = new Option<double?>("--lora-alpha") { Description = "LoRA alpha (default 2 × rank)" };
        var loraDropout = new Option<double?>("--lora-dropout") { Description = "LoRA dropout (default 0)" };
        var loraTargets = new Option<string?>("--lora-targets") { Description = "Comma-separated projections to adapt (default q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj)" };
        var merge = new Option<bool>("--merge") { Description = "With LoRA, also write OUT/merged: the base with the adapters folded in (a full Hugging Face checkpoint)" };
        var device = new Option<string?>("--device") { Description = "--model-dir: cpu or cuda (default cpu)" };
        var dtype = new Option<string?>("--dtype") { Description = "--model-dir: float32 or bfloat16 (default float32; LoRA adapters stay float32)" };
        var maxNew = new Option<int?>("--max-new-tokens") { Description = "Tokens per attempt (--model-dir: default 512; built-in: the task's budget)" };
        var outDir = new Option<string>("--out") { Description = "Run folder: metrics.jsonl, last/ (resumable), final/ (built-in: a checkpoint; --model-dir: the PEFT adapter with LoRA, else a Hugging Face checkpoint), merged/ with --merge", DefaultValueFactory = _ => "runs/train" };
        var config = new Option<string?>("--config") { Description = "JSON file with RlConfig fields; command-line options override it" };
        var resume = new Option<bool>("--resume") { Description = "Continue from OUT/last" };
        var s1 = new Option<int?>("--stage1-steps") { Description = "SCoRe Stage I steps (other methods: added to the total)" };
        var s2 = new Option<int?>("--stage2-steps") { Description = "SCoRe Stage II steps" };
        var schedule = new Option<string?>("--schedule") { Description = "Interleaved SCoRe stages, e.g. 1:25,2:50,1:25,2:50" };
        var prompts = new Option<int?>("--prompts") { Description = "Prompts per step" };
        var samples = new Option<int?>("--samples") { Description = "Samples per prompt (k of the leave-one-out baseline)" };
        var alpha = new Option<double?>("--alpha") { Description = "Flip bonus α (paper: 10)" };
        var beta1 = new Option<double?>("--beta1") { Description = "KL coefficient β1 (paper: 0.01)" };
        var beta2 = new Option<double?>("--beta2") { Description = "Stage I attempt-1 KL coefficient β2 (paper: 0.1)" };
        var gamma = new Option<double?>("--gamma") { Description = "Discount within an attempt (1 = none)" };
        var est = new Option<string?>("--kl-estimator") { Description = "k1 | k2 | k3" };
        var klIn = new Option<string?>("--kl-in") { Description = "reward | loss" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate" };
        var seed = new Option<int?>("--seed") { Description = "Seed" };
        var evalEvery = new Option<int?>("--eval-every") { Description = "Held-out evaluation interval (steps)" };
        var genBatch = new Option<int?>("--batch-size") { Description = "Episodes generated at once (default 256; lower for real models)" };
        var noGuard = new Option<bool>("--no-guard") { Description = "Disable the attempt-1 guard (not recommended)" };
        var cmd = new Command("train", "Train with SCoRe or a baseline: a built-in model (--checkpoint) on its task, or a Hugging Face model (--model-dir, optionally LoRA) on a math data file")
        {
            method, ckpt, modelDir, task, data, skipBad, outDir, config, resume, s1, s2, schedule, prompts, samples, alpha, beta1, beta2, gamma, est, klIn, lr, seed,
            evalEvery, evalProblems, genBatch, noGuard, loraRank, loraAlpha, loraDropout, loraTargets, merge, device, dtype, maxNew,
        };
        cmd.SetAction(r =>
        {
            var cfg = r.GetValue(config) is { } path ? Load(path) : new RlConfig();
            cfg = cfg with { Method = MethodNames.Parse(r.GetValue(method)!) };
            if (r.GetValue(s1) is { } a) cfg = cfg with { Stage1Steps = a };
            if (r.GetValue(s2) is { } b) cfg = cfg with { Stage2Steps = b };
            if (r.GetValue(schedule) is { } sc) cfg = cfg with { Schedule = sc };
            if (r.GetValue(prompts) is { } p) cfg = cfg with { PromptsPerStep = p };
            if (r.GetValue(samples) is { } k) cfg = cfg with { SamplesPerPrompt = k };
            if (r.GetValue(alpha) is { } al) cfg = cfg with { Coefficients = cfg.Coefficients with { Alpha = al } };
            if (r.GetValue(beta1) is { } b1) cfg = cfg with { Coefficients = cfg.Coefficients with { Beta1 = b1 } };
            if (r.GetValue(beta2) is { } b2) cfg = cfg with { Coefficients = cfg.Coefficients with { Beta2 = b2 } };
            if (r.GetValue(gamma) is { } g) cfg = cfg with { Coefficients = cfg.Coefficients with { Gamma = g } };
            if (r.GetValue(est) is { } e) cfg = cfg with { KlEstimator = ParseEnum<KlEstimator>(e, "--kl-estimator") };
            if (r.GetValue(klIn) is { } ki) cfg = cfg with { KlPlacement = ParseEnum<KlPlacement>(ki, "--kl-in") };
            if (r.GetValue(lr) is { } l) cfg = cfg with { Optim = cfg.Optim with { LearningRate = l } };
            if (r.GetValue(seed) is { } s) cfg = cfg with { Seed = s };
            if (r.GetValue(evalEvery) is { } ev) cfg = cfg with { EvalEvery = ev };
            if (r.GetValue(genBatch) is { } gb) cfg = cfg with { GenerationBatchSize = gb };
            if (r.GetValue(noGuard)) cfg = cfg with { Guard = cfg.Guard with { Enabled = false } };
            if (cfg.EvalEvery < 1) throw new UserError("--eval-every must be at least 1");
            if (r.GetValue(evalProblems) is < 1) throw new UserError("--eval-problems must be at least 1");
            if (r.GetValue(maxNew) is < 1) throw new UserError("--max-new-tokens must be at least 1");
            cfg.Validate();
            string dir = r.GetValue(outDir)!;
            string? hfDir = r.GetValue(modelDir);
            if (hfDir is null)
            {
                var hfOnly = new (string Name, bool Given)[]
                {
                    ("--data", r.GetValue(data) is not null), ("--skip-bad-lines", r.GetValue(skipBad)), ("--lora-rank", r.GetValue(loraRank) is not null),
                    ("--lora-alpha", r.GetValue(loraAlpha) is not null), ("--lora-dropout", r.GetValue(loraDropout) is not null),
                    ("--lora-targets", r.GetValue(loraTargets) is not null), ("--merge", r.GetValue(merge)),
                    ("--device", r.GetValue(device) is not null), ("--dtype", r.GetValue(dtype) is not null),
                }.FirstOrDefault(o => o.Given);
                if (hfOnly.Name is not null) throw new UserError($"{hfOnly.Name} needs --model-dir (a Hugging Face model)");
                if (r.GetValue(evalProblems) is { } ep) cfg = cfg with { EvalProblems = ep };
                var history = ConsoleProgress.Run(MethodNames.Of(cfg.Method), report =>
                    BuiltInRun.Run(r.GetValue(ckpt) ?? "runs/base", cfg, dir, p => report("steps", p.Step, p.Total), r.GetValue(resume),
                        task: r.GetValue(task), attemptBudget: r.GetValue(maxNew)));
                var last = history.HeldOut[^1];
                ConsoleProgress.Line($"held-out (greedy, up to {cfg.EvalProblems} problems): Acc@t1 {last.AccT1:P1}, Acc@t2 {last.AccT2:P1}; model in {Path.Combine(dir, MethodRun.FinalDir)}");
            }
            else
            {
                if (r.GetValue(ckpt) is not null) throw new UserError("give either --checkpoint (built-in model) or --model-dir (Hugging Face model), not both");
                if (r.GetValue(loraRank) is null && (r.GetValue(loraAlpha) is not null || r.GetValue(loraDropout) is not null || r.GetValue(loraTargets) is not null))
                    throw new UserError("--lora-alpha, --lora-dropout and --lora-targets need --lora-rank");
                var options = new HfRunOptions
                {
                    ModelDir = hfDir,
                    Task = r.GetValue(task) ?? throw new UserError("--task is required with --model-dir (math, gsm8k or generic)"),
                    DataPath = r.GetValue(data) ?? throw new UserError("--data is required with --model-dir"),
                    SkipBadLines = r.GetValue(skipBad),
                    Lora = r.GetValue(loraRank) is { } rank ? new LoraConfig
                    {
                        Rank = rank,
                        Alpha = r.GetValue(loraAlpha) ?? 2.0 * rank,
                        Dropout = r.GetValue(loraDropout) ?? 0,
                        TargetModules = r.GetValue(loraTargets) is { } t
                            ? t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : LoraConfig.DefaultTargets,
                    } : null,
                    Merge = r.GetValue(merge),
                    Device = r.GetValue(device) ?? "cpu",
                    DType = r.GetValue(dtype) ?? "float32",
                    MaxNewTokens = r.GetValue(maxNew) ?? 512,
                    HeldOutProblems = r.GetValue(evalProblems),
                };
                var result = ConsoleProgress.Run(MethodNames.Of(cfg.Method), report =>
                    HfRun.Run(options, cfg, dir, p => report("steps", p.Step, p.Total), r.GetValue(resume)));
                if (result.SkippedLines > 0) ConsoleProgress.Line($"skipped {result.SkippedLines} bad lines of {options.DataPath}");
                var last = result.History.HeldOut[^1];
                var saved = options.Lora is null ? "model" : "adapter";
                ConsoleProgress.Line($"trained on {result.TrainProblems} problems; held-out (greedy, {result.HeldOutProblems} problems): Acc@t1 {last.AccT1:P1}, Acc@t2 {last.AccT2:P1}; {saved} in {Path.Combine(dir, MethodRun.FinalDir)}"
                    + (options.Merge ? $", merged model in {Path.Combine(dir, HfRun.MergedDir)}" : ""));
            }
            return 0;
        });
        return cmd;
    }

    static RlConfig Load(string path) => JsonFile.Read<RlConfig>(path, Json, "config");

    static T ParseEnum<T>(string value, string option) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var v) ? v : throw new UserError($"{option}: unknown value '{value}' (known: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))})");
}
