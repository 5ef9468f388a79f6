using System.CommandLine;
using SelfCorrect.Benchmarks;
using Spectre.Console;

namespace SelfCorrect.Cli.Commands;

static class BenchCommand
{
    public static Command Build()
    {
        var stepsOpt = new Option<int>("--train-steps") { Description = "Training steps per timed trial (best of 5 trials)", DefaultValueFactory = _ => 4 };
        var loaderOpt = new Option<bool>("--loader") { Description = "Also time loading a ~160 MB bf16 safetensors checkpoint (MB/s, peak memory)" };
        var sandboxOpt = new Option<int>("--sandbox-runs") { Description = "Also time this many sandboxed Python test runs at concurrency 2 (0: skip)", DefaultValueFactory = _ => 0 };
        var cmd = new Command("bench", "Measure training and generation throughput of the built-in model on this machine") { stepsOpt, loaderOpt, sandboxOpt };
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
            if (r.GetValue(loaderOpt))
            {
                var l = LoaderBenchmark.Run();
                t.AddRow($"checkpoint load ({l.Stored} -> {l.Target}, {l.FileBytes / 1e6:F0} MB) MB/s", l.MegabytesPerSecond.ToString("F0"));
                t.AddRow("checkpoint load peak memory / weights", l.PeakRatio.ToString("F2"));
            }
            if (r.GetValue(sandboxOpt) is > 0 and var runs)
            {
                var sb = SelfCorrect.Sandbox.SandboxBenchmark.Run(runs, 2);
                t.AddRow("sandboxed test runs/s (concurrency 2)", sb.RunsPerSecond.ToString("F1"));
                t.AddRow("sandbox overhead per run (ms)", sb.OverheadMs.ToString("F0"));
            }
            AnsiConsole.Write(t);
            return 0;
        });
        return cmd;
    }
}
