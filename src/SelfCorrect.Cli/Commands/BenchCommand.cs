using System.CommandLine;
using SelfCorrect.Benchmarks;
using Spectre.Console;

namespace SelfCorrect.Cli.Commands;

static class BenchCommand
{
    public static Command Build()
    {
        var stepsOpt = new Option<int>("--train-steps") { Description = "Timed training steps", DefaultValueFactory = _ => 10 };
        var cmd = new Command("bench", "Measure training and generation throughput of the built-in model on this machine") { stepsOpt };
        cmd.SetAction(r =>
        {
            var m = ModelBenchmark.Run(trainSteps: r.GetValue(stepsOpt));
            var t = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
            t.AddRow("threads", m.Threads.ToString());
            t.AddRow("parameters", m.Parameters.ToString("N0"));
            t.AddRow("fp32 matmul 512x512 (GFLOP/s)", m.MatmulGflops.ToString("F1"));
            t.AddRow("training tokens/s (fwd+bwd+AdamW, batch 64 x 96)", m.TrainTokensPerSecond.ToString("N0"));
            t.AddRow("training GFLOP/s", m.TrainGflops.ToString("F1"));
            t.AddRow("training / matmul FLOP/s", m.TrainFractionOfMatmul.ToString("P0"));
            t.AddRow("generation tokens/s (KV cache, batch 256)", m.GenerateTokensPerSecond.ToString("N0"));
            AnsiConsole.Write(t);
            return 0;
        });
        return cmd;
    }
}
