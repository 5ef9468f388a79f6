using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using SelfCorrect.Training;

namespace SelfCorrect.Cli.Commands;

static class TrainCommand
{
    static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };

    public static Command Build()
    {
        var method = new Option<string>("--method") { Description = "score | score-no-stage1 | score-no-bonus | multiturn-rl | singleturn-rl | star | pair-sft", DefaultValueFactory = _ => "score" };
        var ckpt = new Option<string>("--checkpoint") { Description = "Base model folder (from pretrain)", DefaultValueFactory = _ => "runs/base" };
        var outDir = new Option<string>("--out") { Description = "Run folder (metrics.jsonl, last/, final/)", DefaultValueFactory = _ => "runs/train" };
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
        var noGuard = new Option<bool>("--no-guard") { Description = "Disable the attempt-1 guard (not recommended)" };
        var cmd = new Command("train", "Train with SCoRe or a baseline on the built-in task")
            { method, ckpt, outDir, config, resume, s1, s2, schedule, prompts, samples, alpha, beta1, beta2, gamma, est, klIn, lr, seed, evalEvery, noGuard };
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
            if (r.GetValue(noGuard)) cfg = cfg with { Guard = cfg.Guard with { Enabled = false } };
            if (cfg.EvalEvery < 1) throw new UserError("--eval-every must be at least 1");
            cfg.Validate();
            string dir = r.GetValue(outDir)!;
            var history = ConsoleProgress.Run(MethodNames.Of(cfg.Method), report =>
                BuiltInRun.Run(r.GetValue(ckpt)!, cfg, dir, p => report("steps", p.Step, p.Total), r.GetValue(resume)));
            var last = history.HeldOut[^1];
            ConsoleProgress.Line($"held-out (greedy, {cfg.EvalProblems} problems): Acc@t1 {last.AccT1:P1}, Acc@t2 {last.AccT2:P1}; model in {Path.Combine(dir, "final")}");
            return 0;
        });
        return cmd;
    }

    static RlConfig Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"config file {path} does not exist");
        try { return JsonSerializer.Deserialize<RlConfig>(File.ReadAllText(path), Json) ?? throw new UserError($"{path} is empty"); }
        catch (JsonException e) { throw new UserError($"{path}: {e.Message}"); }
    }

    static T ParseEnum<T>(string value, string option) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var v) ? v : throw new UserError($"{option}: unknown value '{value}' (known: {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))})");
}
