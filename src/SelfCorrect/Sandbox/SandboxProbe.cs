using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SelfCorrect.Sandbox;

/// <summary>Tries the isolation modes from strongest to weakest with a trivial program and keeps the first that
/// passes; records why the stronger ones failed.</summary>
internal static class SandboxProbe
{
    private static readonly SandboxLimits ProbeLimits = new(WallSeconds: 20, Concurrency: 1);
    private static readonly SandboxJob ProbeJob = new("def f():\n    return 1\n", "assert f() == 1\n");

    public static SandboxCapabilities Run(string? pythonPath)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the Python sandbox needs Linux");
        var pythons = pythonPath is not null ? [pythonPath] : DefaultPythons();
        if (pythons.Count == 0)
            throw new InvalidOperationException("no python3 found (looked on PATH and at /usr/bin/python3)");
        IsolationMode[] modes = NativeMethods.IsRoot
            ? [IsolationMode.RootNamespaces, IsolationMode.ProcessOnly]
            : [IsolationMode.UserNamespaces, IsolationMode.ProcessOnly];
        var notes = new List<string>();
        foreach (var mode in modes)
        {
            foreach (var python in pythons)
            {
                var failure = TryMode(mode, python, out var capabilities, notes);
                if (capabilities is not null) return capabilities;
                notes.Add($"{mode} with {python} failed: {failure}");
            }
        }
        throw new InvalidOperationException("no working Python sandbox: " + string.Join("; ", notes));
    }

    private static string? TryMode(IsolationMode mode, string python, out SandboxCapabilities? capabilities, List<string> notes)
    {
        capabilities = null;
        LauncherRun run;
        try
        {
            run = PythonSandbox.RunWithAsync(ProbeJob, ProbeLimits, mode, python, slot: 0, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return e.Message;
        }
        if (run.SetupError is { } error) return error;
        if (!run.Result.Passed) return $"{run.Result.Status.ToWord()}: {run.Result.Detail} {run.Result.StderrHead}".Trim();

        var namespaces = mode != IsolationMode.ProcessOnly;
        var hidden = run.Report?["hidden"] is JsonArray h ? h.Select(n => n!.GetValue<string>()).ToList() : [];
        var readOnlyFailed = run.Report?["readonly_failed"] is JsonArray r ? r.Select(n => n!.GetValue<string>()).ToList() : [];
        var allNotes = new List<string>(notes);
        if (readOnlyFailed.Count > 0) allNotes.Add("not read-only: " + string.Join(", ", readOnlyFailed));
        if (!namespaces) allNotes.Add("no namespaces: network, /tmp and the file system are not isolated (socket guard only)");
        capabilities = new SandboxCapabilities(
            mode, python,
            NetworkNamespace: namespaces,
            PidNamespace: namespaces,
            PrivateTmp: namespaces && hidden.Contains("/tmp"),
            ReadOnlyFilesystem: namespaces && !readOnlyFailed.Contains("/"),
            ProgramUid: NativeMethods.IsRoot ? PythonSandbox.ProgramUid(0) : null,
            HiddenPaths: hidden,
            Notes: allNotes);
        return null;
    }

    /// <summary>The real interpreter behind <c>python3</c> on PATH (pyenv shims resolved), then /usr/bin/python3.</summary>
    private static List<string> DefaultPythons()
    {
        var found = new List<string>();
        if (ResolveOnPath() is { } resolved) found.Add(resolved);
        if (File.Exists("/usr/bin/python3") && !found.Contains("/usr/bin/python3")) found.Add("/usr/bin/python3");
        return found;
    }

    private static string? ResolveOnPath()
    {
        try
        {
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-c", "import sys; print(sys.executable)" }) start.ArgumentList.Add(a);
            using var process = Process.Start(start);
            if (process is null) return null;
            var path = process.StandardOutput.ReadToEnd().Trim();
            if (!process.WaitForExit(10_000)) { process.Kill(); return null; }
            return process.ExitCode == 0 && File.Exists(path) ? path : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
