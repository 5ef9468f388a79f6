using System.CommandLine;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Training;

namespace SelfCorrect.Cli.Commands;

static class PretrainCommand
{
    public static Command Build()
    {
        var outOpt = new Option<string>("--out") { Description = "Folder to write the checkpoint to", DefaultValueFactory = _ => "runs/base" };
        var seedOpt = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var stepsOpt = new Option<int>("--steps") { Description = "Optimisation steps", DefaultValueFactory = _ => new PretrainConfig().Steps };
        var diffOpt = new Option<int>("--difficulty") { Description = "Task difficulty 1-3", DefaultValueFactory = _ => 2 };
        var cmd = new Command("pretrain", "Train the built-in base model from scratch on the arithmetic corpus") { outOpt, seedOpt, stepsOpt, diffOpt };
        cmd.SetAction(r =>
        {
            int steps = r.GetValue(stepsOpt);
            if (steps < 1) throw new UserError("--steps must be at least 1");
            var cfg = new PretrainConfig { Seed = r.GetValue(seedOpt), Steps = steps, Task = ArithmeticConfig.ForDifficulty(r.GetValue(diffOpt)) };
            string outDir = r.GetValue(outOpt)!;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var model = ConsoleProgress.Run("pretrain", report =>
                Pretraining.Run(cfg, outDir, Path.Combine(outDir + ".log.jsonl"), p => report("steps", p.Step, p.Total)));
            ConsoleProgress.Line($"saved {outDir} ({model.ParameterCount():N0} parameters) in {clock.Elapsed.TotalSeconds:F0} s");
            return 0;
        });
        return cmd;
    }
}
