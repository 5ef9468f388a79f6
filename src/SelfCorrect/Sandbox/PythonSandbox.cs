using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelfCorrect.Sandbox;

/// <summary>Runs untrusted, model-written Python against its tests: one process tree per run, in fresh network,
/// PID and mount namespaces where the machine allows it (see docs/sandbox.md), under rlimits, with a clean
/// environment and a private temporary folder. Reward-worthy only when <see cref="SandboxResult.Passed"/>.</summary>
public sealed class PythonSandbox : IDisposable
{
    private const int OutputSlackBytes = 4096;
    private const int StderrHeadLines = 20;
    private const int StderrHeadChars = 2000;
    private static readonly ConcurrentDictionary<string, Lazy<SandboxCapabilities>> Probes = new();

    /// <summary>Slots number the concurrent runs of the whole process, so that no two share a program uid.</summary>
    private static readonly ConcurrentQueue<int> FreeSlots = new(Enumerable.Range(1, MaxSlots - 1));
    private const int MaxSlots = 256;

    private readonly SemaphoreSlim _gate;
    private readonly string? _pythonPath;

    /// <param name="limits">Per-run limits and concurrency; <see cref="SandboxLimits.Default"/> when null.</param>
    /// <param name="pythonPath">The interpreter; by default the real executable behind <c>python3</c> on PATH,
    /// else /usr/bin/python3.</param>
    public PythonSandbox(SandboxLimits? limits = null, string? pythonPath = null)
    {
        Limits = limits ?? SandboxLimits.Default;
        Limits.Validate();
        _pythonPath = pythonPath;
        _gate = new SemaphoreSlim(Limits.Concurrency, Limits.Concurrency);
    }

    public SandboxLimits Limits { get; }

    /// <summary>The isolation in use, found once per process (and interpreter) by probe runs.</summary>
    public SandboxCapabilities Capabilities => Probe(_pythonPath);

    /// <summary>Finds the strongest isolation mode that works here: namespaces first, then the process-only fallback.</summary>
    public static SandboxCapabilities Probe(string? pythonPath = null) =>
        Probes.GetOrAdd(pythonPath ?? "", _ => new Lazy<SandboxCapabilities>(() => SandboxProbe.Run(pythonPath))).Value;

    public SandboxResult Run(SandboxJob job) => RunAsync(job).GetAwaiter().GetResult();

    /// <summary>Runs many jobs, at most <see cref="SandboxLimits.Concurrency"/> at once; results in input order.</summary>
    public IReadOnlyList<SandboxResult> RunAll(IReadOnlyList<SandboxJob> jobs) =>
        Task.WhenAll(jobs.Select(j => RunAsync(j))).GetAwaiter().GetResult();

    public async Task<SandboxResult> RunAsync(SandboxJob job, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var capabilities = Capabilities;
        await _gate.WaitAsync(cancellation);
        if (!FreeSlots.TryDequeue(out var slot)) slot = MaxSlots - 1;
        try
        {
            var run = await RunWithAsync(job, Limits, capabilities.Mode, capabilities.PythonPath, slot, cancellation);
            if (run.SetupError is { } error)
                throw new InvalidOperationException($"sandbox set-up failed: {error}");
            return run.Result;
        }
        finally
        {
            if (slot != MaxSlots - 1) FreeSlots.Enqueue(slot);
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The uid a run drops to when started as root: unique per process and concurrent run (slot 0 is the probe's), owning no files, so
    /// RLIMIT_NPROC counts only this run and a process-only cleanup can kill everything it owns.</summary>
    internal static int ProgramUid(int slot) => 1_000_000_000 + Environment.ProcessId % 1_000_000 * 256 + slot;

    /// <summary>One run in a given mode; also used by the probe.</summary>
    internal static async Task<LauncherRun> RunWithAsync(
        SandboxJob job, SandboxLimits limits, IsolationMode mode, string python, int slot, CancellationToken cancellation)
    {
        var stopwatch = Stopwatch.StartNew();
        var hostDir = Directory.CreateTempSubdirectory("selfcorrect-sbx-").FullName;
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var resultNonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var runMarker = mode == IsolationMode.ProcessOnly ? Guid.NewGuid().ToString("N") : null;
        int? uid = NativeMethods.IsRoot ? ProgramUid(slot) : null;
        var config = new JsonObject
        {
            ["namespaces"] = mode != IsolationMode.ProcessOnly,
            ["host_dir"] = hostDir,
            ["uid"] = uid,
            ["hide"] = new JsonArray([.. RunnerCommand.HiddenPaths().Select(p => (JsonNode?)p)]),
            ["tmp_bytes"] = limits.MaxFileBytes,
            ["result_nonce"] = resultNonce,
            ["run_marker"] = runMarker,
            ["harness"] = SandboxScripts.Harness,
            ["limits"] = new JsonObject
            {
                ["cpu"] = limits.CpuSeconds,
                ["as"] = limits.MemoryBytes,
                ["fsize"] = limits.MaxFileBytes,
                ["nproc"] = limits.MaxProcesses,
            },
            ["payload"] = new JsonObject
            {
                ["nonce"] = nonce,
                ["program"] = job.Program,
                ["tests"] = job.Tests,
                ["entry_point"] = job.EntryPoint,
            },
        };

        var (fileName, arguments) = RunnerCommand.For(mode, python);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = hostDir,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["HOME"] = hostDir;

        using var output = new CappedOutput(limits.MaxOutputBytes + OutputSlackBytes);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var readers = Task.WhenAll(
            output.ReadAsync(process.StandardOutput.BaseStream, output.Stdout),
            output.ReadAsync(process.StandardError.BaseStream, output.Stderr));
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(config.ToJsonString()), cancellation);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The launcher died before reading its configuration; the missing report below says so.
        }

        var timedOut = false;
        using (var wall = new CancellationTokenSource(TimeSpan.FromSeconds(limits.WallSeconds)))
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(wall.Token, output.Overflowed, cancellation))
        {
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = wall.IsCancellationRequested && !output.Exceeded;
                Kill(process, runMarker);
            }
        }
        if (runMarker is not null) Kill(process, runMarker);
        if (await Task.WhenAny(readers, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)) != readers)
        {
            Kill(process, runMarker);
            await readers;
        }
        stopwatch.Stop();
        TryDelete(hostDir);
        cancellation.ThrowIfCancellationRequested();

        var stdout = Decode(output.Stdout);
        var stderr = Decode(output.Stderr);
        var report = TakeReport(ref stdout, resultNonce);
        var passMarker = SandboxScripts.PassPrefix + nonce;
        var sawPass = stdout.Contains(passMarker, StringComparison.Ordinal);
        stdout = stdout.Replace("\n" + passMarker + "\n", "", StringComparison.Ordinal);
        var setupError = report?["setup_error"]?.GetValue<string>();
        var result = Classify(limits, timedOut, output.Exceeded, report, sawPass, stdout, stderr, stopwatch.Elapsed.TotalSeconds);
        return new LauncherRun(result, report, setupError);
    }

    private static SandboxResult Classify(SandboxLimits limits, bool timedOut, bool overflowed, JsonObject? report,
        bool sawPass, string stdout, string stderr, double wallSeconds)
    {
        var head = Head(stderr);
        int? exit = report?["exit"]?.GetValue<int>();
        double? cpu = report?["cpu"]?.GetValue<double>();
        SandboxResult Make(SandboxStatus status, string? detail) => new(status, exit, stdout, head, detail, wallSeconds, cpu);

        if (overflowed) return Make(SandboxStatus.OutputLimit, $"output over {limits.MaxOutputBytes} bytes");
        if (timedOut) return Make(SandboxStatus.Timeout, $"wall-clock limit of {limits.WallSeconds:0.###} s");
        if (exit is not { } code)
            return Make(SandboxStatus.Crashed, "the sandbox ended without a report: " + LastLine(stderr));
        if (code == 0)
            return sawPass ? Make(SandboxStatus.Passed, null) : Make(SandboxStatus.Failed, "exited before the tests finished");
        if (code == -24 || (code == -NativeMethods.SigKill && cpu >= limits.CpuSeconds))
            return Make(SandboxStatus.Timeout, $"cpu limit of {limits.CpuSeconds} s");
        if (code == SandboxScripts.ExitMemory || stderr.Contains("MemoryError", StringComparison.Ordinal))
            return Make(SandboxStatus.Memory, $"memory limit of {limits.MemoryBytes >> 20} MiB");
        if (code == SandboxScripts.ExitAssertion) return Make(SandboxStatus.Failed, LastLine(stderr));
        if (code < 0) return Make(SandboxStatus.Crashed, $"killed by signal {-code}");
        return Make(SandboxStatus.Crashed, LastLine(stderr));
    }

    private static JsonObject? TakeReport(ref string stdout, string resultNonce)
    {
        var prefix = "\n" + SandboxScripts.ResultPrefix + resultNonce + ":";
        var at = stdout.LastIndexOf(prefix, StringComparison.Ordinal);
        if (at < 0) return null;
        var json = stdout[(at + prefix.Length)..].TrimEnd('\n');
        stdout = stdout[..at];
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return null; }
    }

    /// <summary>SIGKILLs the runner first (in the namespace modes, unshare's --kill-child then takes the whole PID
    /// namespace down at once, even while a fork bomb starves the machine), then the rest of its tree.</summary>
    private static void Kill(Process process, string? runMarker)
    {
        try { if (!process.HasExited) NativeMethods.KillProcess(process.Id); }
        catch (InvalidOperationException) { }
        try { process.Kill(entireProcessTree: true); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        if (runMarker is null) return;
        try { NativeMethods.KillGroup(process.Id); }
        catch (InvalidOperationException) { }
        ProcessSweeper.KillMarked(runMarker);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string Decode(MemoryStream stream)
    {
        lock (stream) return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static string Head(string text)
    {
        var lines = text.Split('\n').Take(StderrHeadLines);
        var head = string.Join('\n', lines).TrimEnd();
        return head.Length <= StderrHeadChars ? head : head[..StderrHeadChars];
    }

    private static string LastLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return string.IsNullOrEmpty(line) ? "no error message" : line.Length <= 300 ? line : line[..300];
    }
}

/// <summary>A run's result with the launcher's report (mounts, uid, exit) and any set-up error.</summary>
internal sealed record LauncherRun(SandboxResult Result, JsonObject? Report, string? SetupError);
