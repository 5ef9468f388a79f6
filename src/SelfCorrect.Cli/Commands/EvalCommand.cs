using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SelfCorrect.Checkpoints;
using SelfCorrect.Data;
using SelfCorrect.Evaluation;
using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Sandbox;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Tasks.Code;
using SelfCorrect.Tasks.Mathematics;
using SelfCorrect.Text;
using SelfCorrect.Training;
using Spectre.Console;

namespace SelfCorrect.Cli.Commands;

/// <summary>
/// selfcorrect eval, in three modes: a built-in model (--checkpoint) on held-out problems of its task (arithmetic, or
/// tiny programs run in the sandbox); a Hugging Face model (--model-dir, optionally with a LoRA adapter) on a data
/// file; or completions made elsewhere (--completions) scored against a data file. All report the same metrics with the same checkers. Output
/// files (--json, --verdicts) are written only once everything has succeeded.
/// </summary>
public static class EvalCommand
{
    public static readonly string[] DataTasks = [MathTasks.Math, MathTasks.Gsm8k, MathTasks.Generic, "humaneval", "mbpp"];

    public static Command Build()
    {
        var ckptOpt = new Option<string?>("--checkpoint") { Description = "A built-in model folder (from pretrain or train), evaluated on its task (arithmetic or code)" };
        var modelDirOpt = new Option<string?>("--model-dir") { Description = "A Hugging Face model folder (weights, tokenizer.json, chat template)" };
        var completionsOpt = new Option<string?>("--completions") { Description = "Score these completions (JSONL: {\"id\", \"attempts\": [...]}) instead of generating" };
        var taskOpt = new Option<string?>("--task") { Description = "Task: arithmetic or code (built-in, default the checkpoint's); math, gsm8k, generic, humaneval or mbpp (with --data)" };
        var dataOpt = new Option<string?>("--data") { Description = "Problems (JSONL) for --model-dir and --completions" };
        var skipBadOpt = new Option<bool>("--skip-bad-lines") { Description = "Leave out unusable lines of a math data file instead of stopping" };
        var attemptsOpt = new Option<int>("--attempts") { Description = "Attempts per problem (2 or more)", DefaultValueFactory = _ => 2 };
        var greedyOpt = new Option<bool>("--greedy") { Description = "Greedy decoding (the default unless --temperature is given)" };
        var tempOpt = new Option<double?>("--temperature") { Description = "Sample at this temperature instead of greedy decoding" };
        var nOpt = new Option<int?>("--n") { Description = "Number of problems: held-out built-in problems (default 1000; code: its whole test split), or the first n of a data file (default all)" };
        var seedOpt = new Option<int>("--seed") { Description = "Seed for problems and sampling", DefaultValueFactory = _ => 1 };
        var jsonOpt = new Option<string?>("--json") { Description = "Write the metrics as JSON here" };
        var verdictsOpt = new Option<string?>("--verdicts") { Description = "Write each problem's extracted answers and rewards here (JSONL)" };
        var diffOpt = new Option<int?>("--difficulty") { Description = "Task difficulty 1-3 (default: the checkpoint's)" };
        var deviceOpt = new Option<string>("--device") { Description = "cpu or cuda (--model-dir)", DefaultValueFactory = _ => "cpu" };
        var dtypeOpt = new Option<string>("--dtype") { Description = "float32 or bfloat16 (--model-dir)", DefaultValueFactory = _ => "float32" };
        var loraOpt = new Option<string?>("--lora") { Description = "A LoRA adapter folder (PEFT layout) to apply to --model-dir" };
        var maxNewOpt = new Option<int?>("--max-new-tokens") { Description = "Token budget per attempt (--model-dir: default 512)" };
        var byTermsOpt = new Option<bool>("--by-terms") { Description = "Built-in arithmetic: also print the metrics for each number of terms (which sums one attempt can finish)" };
        var batchOpt = new Option<int>("--batch-size") { Description = "Problems generated together (--model-dir)", DefaultValueFactory = _ => 8 };
        var cmd = new Command("eval", "Measure self-correction: Accuracy@t1, Accuracy@t2, Δ, Δi→c, Δc→i, edit ratio")
        {
            ckptOpt, modelDirOpt, completionsOpt, taskOpt, dataOpt, skipBadOpt, attemptsOpt, greedyOpt, tempOpt, nOpt, seedOpt,
            jsonOpt, verdictsOpt, diffOpt, deviceOpt, dtypeOpt, loraOpt, maxNewOpt, batchOpt, byTermsOpt,
        };
        cmd.SetAction(r =>
        {
            string? ckpt = r.GetValue(ckptOpt), modelDir = r.GetValue(modelDirOpt), completions = r.GetValue(completionsOpt);
            int modes = new[] { ckpt, modelDir, completions }.Count(m => m is not null);
            if (modes != 1) throw new UserError("give exactly one of --checkpoint (built-in model), --model-dir (Hugging Face model) or --completions");
            int attempts = r.GetValue(attemptsOpt), seed = r.GetValue(seedOpt);
            int? n = r.GetValue(nOpt);
            if (attempts < 1) throw new UserError("--attempts must be at least 1");
            if (n is < 1) throw new UserError("--n must be at least 1");
            double? temperature = r.GetValue(tempOpt);
            if (temperature is not null && r.GetValue(greedyOpt)) throw new UserError("--greedy and --temperature exclude each other");
            if (temperature is <= 0) throw new UserError("--temperature must be > 0");
            if (r.GetValue(maxNewOpt) is < 1) throw new UserError("--max-new-tokens must be at least 1");
            if (r.GetValue(batchOpt) < 1) throw new UserError("--batch-size must be at least 1");
            if (r.GetValue(loraOpt) is not null && modelDir is null) throw new UserError("--lora needs --model-dir");
            string? task = r.GetValue(taskOpt);
            bool byTerms = r.GetValue(byTermsOpt);
            if (byTerms && ckpt is null) throw new UserError("--by-terms is for a built-in arithmetic checkpoint (--checkpoint)");

            SelfCorrectionMetrics metrics;
            IReadOnlyList<EpisodeRollout>? builtInEpisodes = null;
            IReadOnlyList<(Problem Problem, IReadOnlyList<Verdict> Verdicts)> verdicts;
            if (ckpt is not null)
            {
                string? builtInName = task is null ? null : BuiltInTask.Canonical(task);
                var (model, tokenizer, info) = Checkpoint.Load(ckpt);
                using var _ = model;
                if (builtInName is not null && builtInName != info.Task) throw new UserError($"{ckpt} was trained on the {info.Task} task, not {builtInName}");
                int? difficulty = r.GetValue(diffOpt);
                if (difficulty is not null && info.Task != BuiltInTask.Arithmetic) throw new UserError("--difficulty is for the arithmetic task");
                if (byTerms && info.Task != BuiltInTask.Arithmetic) throw new UserError("--by-terms is for the arithmetic task");
                using var builtIn = BuiltInTask.For(info, difficulty is { } d ? ArithmeticConfig.ForDifficulty(d) : null);
                var problems = builtIn.Generate(seed, n ?? builtIn.TestSplitSize ?? 1000, Split.Test);
                var budget = r.GetValue(maxNewOpt) ?? builtIn.AttemptBudget;
                var sampling = temperature is { } temp ? new SamplingOptions { MaxNewTokens = budget, Temperature = temp } : SamplingOptions.GreedyDecoding(budget);
                var episodes = Sample(new EpisodeSampler(model, new CharEpisodeFormat(tokenizer), builtIn.Verifier, builtIn.Instruction),
                    problems, attempts, sampling, seed, model, batchSize: 256);
                (metrics, verdicts) = Score(episodes);
                builtInEpisodes = episodes;
            }
            else
            {
                string data = r.GetValue(dataOpt) ?? throw new UserError("--data is required with --model-dir and --completions");
                var name = DataTask(task);
                var problems = LoadProblems(name, data, r.GetValue(skipBadOpt), n);
                using var sandbox = name is "humaneval" or "mbpp" ? new PythonSandbox() : null;
                var verifier = sandbox is null ? MathTasks.VerifierFor(name) : new CodeVerifier(sandbox);
                if (completions is not null) (metrics, verdicts) = ScoreCompletions(problems, completions, verifier, onlyTheseProblems: n is not null);
                else
                {
                    var sampling = temperature is { } temp
                        ? new SamplingOptions { MaxNewTokens = r.GetValue(maxNewOpt) ?? 512, Temperature = temp }
                        : SamplingOptions.GreedyDecoding(r.GetValue(maxNewOpt) ?? 512);
                    var instruction = sandbox is null ? PromptConfig.Default.CorrectionTurn : CodePrompts.CorrectionInstruction;
                    var episodes = RunHfModel(modelDir!, r.GetValue(loraOpt), r.GetValue(deviceOpt)!, r.GetValue(dtypeOpt)!,
                        problems, verifier, instruction, attempts, sampling, seed, r.GetValue(batchOpt));
                    (metrics, verdicts) = Score(episodes);
                }
            }
            if (r.GetValue(jsonOpt) is { } path) WriteJson(path, metrics);
            if (r.GetValue(verdictsOpt) is { } vpath) VerdictsWriter.Write(vpath, verdicts);
            PrintTable(metrics);
            if (byTerms && builtInEpisodes is not null) PrintGroups(GroupBreakdown.Of(builtInEpisodes, e => ((ArithmeticProblem)e.Problem).Terms.Length), "terms");
            return 0;
        });
        return cmd;
    }

    static string DataTask(string? task)
    {
        if (task is null) throw new UserError($"--task is required with --data ({string.Join(", ", DataTasks)})");
        var name = task.Trim().ToLowerInvariant();
        return DataTasks.Contains(name) ? name : throw new UserError($"unknown task '{task}' (expected one of: {string.Join(", ", DataTasks)})");
    }

    static IReadOnlyList<Problem> LoadProblems(string task, string path, bool skipBadLines, int? n)
    {
        IReadOnlyList<Problem> problems = task switch
        {
            "humaneval" => HumanEvalLoader.Load(path),
            "mbpp" => MbppLoader.Load(path),
            _ => Math(task, path, skipBadLines),
        };
        if (problems.Count == 0) throw new UserError($"{path}: no problems in the file");
        return n is { } k ? problems.Take(k).ToList() : problems;
    }

    static IReadOnlyList<Problem> Math(string task, string path, bool skipBadLines)
    {
        var loaded = DatasetLoader.Load(task, path, PromptConfig.Default, skipBadLines);
        if (loaded.BadLines.Count > 0) ConsoleProgress.Line($"skipped {loaded.BadLines.Count} bad lines of {path} (first: {loaded.BadLines[0]})");
        return loaded.Problems;
    }

    static IReadOnlyList<EpisodeRollout> RunHfModel(string modelDir, string? lora, string deviceName, string dtypeName,
        IReadOnlyList<Problem> problems, IVerifier verifier, string instruction, int attempts, SamplingOptions sampling, int seed, int batchSize)
    {
        var device = HfCheckpoint.ParseDevice(deviceName);
        var dtype = HfCheckpoint.ParseDType(dtypeName);
        var tokenizer = HfTokenizer.FromDirectory(modelDir);
        var format = new ChatEpisodeFormat(tokenizer);
        using var model = HfCheckpoint.Load(modelDir, device, dtype);
        if (tokenizer.VocabSize > model.Config.VocabSize)
            throw new UserError($"the tokenizer has {tokenizer.VocabSize} tokens but the model only {model.Config.VocabSize}");
        if (lora is not null) Lora.Load(lora, model);
        return Sample(new EpisodeSampler(model, format, verifier, instruction), problems, attempts, sampling, seed, model, batchSize);
    }

    static IReadOnlyList<EpisodeRollout> Sample(EpisodeSampler sampler, IReadOnlyList<Problem> problems, int attempts,
        SamplingOptions sampling, int seed, CausalLM model, int batchSize)
    {
        using var rng = new TorchSharp.torch.Generator((ulong)seed, model.parameters().First().device);
        return ConsoleProgress.Run("eval", report =>
            sampler.Run(problems, attempts, sampling, rng, batchSize, progress: (done, total) => report("attempts", done, total)));
    }

    static (SelfCorrectionMetrics, IReadOnlyList<(Problem, IReadOnlyList<Verdict>)>) Score(IReadOnlyList<EpisodeRollout> episodes) => (
        Evaluator.Metrics(episodes),
        episodes.Select(e => (e.Problem, (IReadOnlyList<Verdict>)e.Verdicts)).ToList());

    /// <summary>Scores completions made elsewhere with the task's checker. A problem without completions, or a
    /// completion of an unknown problem, is an error; with <paramref name="onlyTheseProblems"/> (--n) completions
    /// of problems left out are set aside instead.</summary>
    public static (SelfCorrectionMetrics Metrics, IReadOnlyList<(Problem Problem, IReadOnlyList<Verdict> Verdicts)> Verdicts) ScoreCompletions(
        IReadOnlyList<Problem> problems, string completionsPath, IVerifier verifier, bool onlyTheseProblems = false)
    {
        var lines = CompletionsFile.Load(completionsPath);
        var kept = problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        if (onlyTheseProblems) lines = lines.Where(l => kept.Contains(l.Id)).ToList();
        var matched = CompletionsFile.Match(problems, lines);
        var items = matched.SelectMany(m => m.Attempts.Select(a => (m.Problem, a))).ToList();
        var checks = verifier.CheckAll(items);
        int attempts = matched[0].Attempts.Count;
        var verdicts = matched.Select((m, i) => (m.Problem, (IReadOnlyList<Verdict>)checks.Skip(i * attempts).Take(attempts).ToList())).ToList();
        var metrics = SelfCorrectionMetrics.Compute(
            verdicts.Select(v => (IReadOnlyList<bool>)v.Item2.Select(x => x.Reward > 0).ToList()).ToList(),
            matched.Select(m => m.Attempts).ToList());
        return (metrics, verdicts);
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void WriteJson(string path, SelfCorrectionMetrics m)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(m, Json));
    }

    static void PrintGroups(IReadOnlyList<GroupBreakdown> groups, string key)
    {
        var table = new Table().AddColumn(key);
        foreach (var c in new[] { "n", "Acc@t1", "Acc@t2", "Δi→c", "Δc→i", "copied" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var g in groups)
            table.AddRow(g.Key.ToString(CultureInfo.InvariantCulture), g.Count.ToString(CultureInfo.InvariantCulture), Pct(g.Metrics.Accuracy[0]), Pct(g.Metrics.Accuracy[^1]),
                Pct(g.Metrics.DeltaIToC), Pct(g.Metrics.DeltaCToI), Pct(g.CopiedShare));
        AnsiConsole.Write(table);
        static string Pct(double v) => (100 * v).ToString("F1", CultureInfo.InvariantCulture);
    }

    public static void PrintTable(SelfCorrectionMetrics m)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned());
        string Pct(double x) => (100 * x).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        string Ci(string key) => m.Ci95.TryGetValue(key, out var c) ? $"[{Pct(c[0])}, {Pct(c[1])}]" : "";
        void Row(string a, string b, string c) => table.AddRow(new Spectre.Console.Text(a), new Spectre.Console.Text(b), new Spectre.Console.Text(c));
        for (int t = 0; t < m.Accuracy.Length; t++) Row($"Accuracy@t{t + 1}", Pct(m.Accuracy[t]), Ci($"accuracy_t{t + 1}"));
        Row($"Δ(t1,t{m.Accuracy.Length})", Pct(m.Delta), Ci("delta"));
        Row("Δi→c", Pct(m.DeltaIToC), Ci("delta_i_to_c"));
        Row("Δc→i", Pct(m.DeltaCToI), Ci("delta_c_to_i"));
        Row("edit ratio", m.EditRatio.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), "");
        table.Caption($"n = {m.N}; figures in percent");
        AnsiConsole.Write(table);
    }
}
