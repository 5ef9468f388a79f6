using System.Diagnostics;

namespace SelfCorrect.Tests.Cli;

/// <summary>Runs the selfcorrect CLI (the built SelfCorrect.Cli.dll next to the tests) as a separate process.</summary>
static class CliRunner
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SelfCorrect.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["SELFCORRECT_THREADS"] = "2";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException("CLI run took longer than 10 minutes"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string TempDir(string name) => Path.Combine(Path.GetTempPath(), $"sc-{name}-{Guid.NewGuid():N}");
}
