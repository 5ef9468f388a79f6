using System.CommandLine;
using SelfCorrect.Checkpoints;
using SelfCorrect.Evaluation;
using SelfCorrect.Generation;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Text;

namespace SelfCorrect.Cli.Commands;

/// <summary>Shows a few episodes of a built-in model, for looking at what it actually writes.</summary>
static class SamplesCommand
{
    public static Command Build()
    {
        var ckpt = new Option<string>("--checkpoint") { Description = "Built-in model folder", Required = true };
        var n = new Option<int>("--n") { Description = "Episodes to show", DefaultValueFactory = _ => 10 };
        var temp = new Option<double?>("--temperature") { Description = "Sample instead of greedy decoding" };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 };
        var terms = new Option<int?>("--terms") { Description = "Only problems with this many terms" };
        var cmd = new Command("samples", "Print episodes (problem, attempts, verdicts) of a built-in model") { ckpt, n, temp, seed, terms };
        cmd.SetAction(r =>
        {
            var (model, tokenizer, info) = Checkpoint.Load(r.GetValue(ckpt)!);
            using var _ = model;
            if (info.Task != "arithmetic") throw new UserError($"samples shows arithmetic checkpoints; this one is for '{info.Task}' (use eval --verdicts)");
            var task = info.Arithmetic ?? new ArithmeticConfig();
            int count = r.GetValue(n);
            if (count < 1) throw new UserError("--n must be at least 1");
            var problems = new ArithmeticTask(task).Generate(r.GetValue(seed), count * 20, Split.Test)
                .Where(p => r.GetValue(terms) is not { } t || p.Terms.Length == t).Take(count).ToList<Problem>();
            var sampling = r.GetValue(temp) is { } t ? new SamplingOptions { MaxNewTokens = task.AttemptBudget, Temperature = t } : SamplingOptions.GreedyDecoding(task.AttemptBudget);
            var (metrics, episodes) = Evaluator.Run(model, new CharEpisodeFormat(tokenizer), new ArithmeticVerifier(), task.Instruction, problems, 2, sampling, r.GetValue(seed));
            foreach (var e in episodes)
                Console.WriteLine($"{e.Problem.Prompt,-16} = {e.Problem.Answer,-4} | " + string.Join(" | ", e.AttemptTexts.Zip(e.Verdicts, (a, v) => $"{a,-24} {v.Status}")));
            Console.WriteLine($"Acc@t1 {metrics.Accuracy[0]:P1}, Acc@t2 {metrics.Accuracy[1]:P1}");
            return 0;
        });
        return cmd;
    }
}
