using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SelfCorrect.Sandbox;

namespace SelfCorrect.Tests.Sandbox;

/// <summary>Programs that attack the sandbox. Each one's tests assert that its attack worked, so a pass would mean
/// an escape; every run must earn reward 0, stop within its limits, and leave no process or file behind.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class HostileProgramTests
{
    private static readonly SandboxLimits Limits = new(
        WallSeconds: 2, CpuSeconds: 1, MemoryBytes: 256L << 20, MaxOutputBytes: 64 << 10, MaxProcesses: 16, Concurrency: 2);
    private static readonly PythonSandbox Sandbox = new(Limits);

    /// <summary>Wall-clock limit plus the sandbox's own start-up and kill time.</summary>
    private const double MaxSeconds = 4.5;

    private static SandboxResult RunHostile(string program, string tests)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = Sandbox.Run(new SandboxJob(program, tests));
        Assert.False(result.Passed, $"escape: {result.Stdout}");
        Assert.True(stopwatch.Elapsed.TotalSeconds < MaxSeconds, $"took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static void AssertNoProcessWith(string marker)
    {
        var survivors = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal)) survivors.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        Assert.Empty(survivors);
    }

    /// <summary>Python source that re-executes the interpreter with <paramref name="code"/> and the marker as argv[1],
    /// so every process it becomes or forks carries the marker in its command line.</summary>
    private static string ExecWithMarker(string code, string marker) =>
        $"import os, sys\nos.execv(sys.executable, [sys.executable, '-c', {PyString(code)}, '{marker}'])\n";

    private static string PyString(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'").Replace("\n", "\\n") + "'";

    private static string NewMarker() => "selfcorrect-hostile-" + Guid.NewGuid().ToString("N");

    [Fact]
    public void InfiniteLoopTimesOut()
    {
        var result = RunHostile("while True:\n    pass\n", "assert True\n");
        Assert.Equal(SandboxStatus.Timeout, result.Status);
    }

    [Fact]
    public void SleepPastTheLimitTimesOut()
    {
        var marker = NewMarker();
        var result = RunHostile(ExecWithMarker("import time\ntime.sleep(60)", marker), "assert True\n");
        Assert.Equal(SandboxStatus.Timeout, result.Status);
        AssertNoProcessWith(marker);
    }

    [Fact]
    public void ForkBombIsContainedAndCleanedUp()
    {
        var marker = NewMarker();
        const string bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass";
        var result = RunHostile(ExecWithMarker(bomb, marker), "assert True\n");
        Assert.Equal(SandboxStatus.Timeout, result.Status);
        AssertNoProcessWith(marker);
    }

    [Fact]
    public void MemoryHogHitsTheMemoryLimit()
    {
        var result = RunHostile("hog = []\nwhile True:\n    hog.append(bytearray(64 << 20))\n", "assert True\n");
        Assert.Equal(SandboxStatus.Memory, result.Status);
    }

    [Fact]
    public void OutputFloodIsCutAtTheCap()
    {
        var result = RunHostile("while True:\n    print('x' * 1000)\n", "assert True\n");
        Assert.Equal(SandboxStatus.OutputLimit, result.Status);
        Assert.True(result.Stdout.Length <= Limits.MaxOutputBytes + 4096);
    }

    /// <summary>Writes to /tmp and /dev/shm may succeed inside the run's private tmpfs; none may reach the host.</summary>
    [Fact]
    public void WritesOutsideItsFolderLeaveNothing()
    {
        var name = "selfcorrect-escape-" + Guid.NewGuid().ToString("N");
        string[] targets =
        [
            Path.Combine("/tmp", name), Path.Combine("/var/tmp", name), Path.Combine("/dev/shm", name),
            Path.Combine(Path.GetTempPath(), name), Path.Combine(AppContext.BaseDirectory, name),
        ];
        var program = "escaped = []\n" + string.Concat(targets.Select(t =>
            $"try:\n    open({PyString(t)}, 'w').write('x')\n    escaped.append({PyString(t)})\nexcept OSError:\n    pass\n"));
        RunHostile(program + "print(escaped)\n", "assert False, 'never rewarded'\n");
        foreach (var target in targets) Assert.False(File.Exists(target), $"{target} was written");
    }

    [Fact]
    public void PlantedSecretFileIsNotReadable()
    {
        var secret = "secret-" + Guid.NewGuid().ToString("N");
        var dirs = new[] { Path.GetTempPath(), Environment.GetEnvironmentVariable("HOME") ?? Path.GetTempPath() }
            .Select(root => Directory.CreateDirectory(Path.Combine(root, "selfcorrect-secret-" + Guid.NewGuid().ToString("N"))).FullName)
            .ToList();
        try
        {
            var files = dirs.Select(d => Path.Combine(d, "secret.txt")).ToList();
            foreach (var file in files)
            {
                File.WriteAllText(file, secret);
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            var program = "found = []\n" + string.Concat(files.Select(f =>
                $"try:\n    found.append(open({PyString(f)}).read())\nexcept OSError:\n    pass\n"));
            var result = RunHostile(program, $"assert {PyString(secret)} in found\n");
            Assert.Equal(SandboxStatus.Failed, result.Status);
        }
        finally
        {
            foreach (var dir in dirs) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void PlantedEnvironmentVariableIsNotVisible()
    {
        var name = "SELFCORRECT_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        var value = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, value);
        try
        {
            var program = $$"""
                import os
                seen = os.environ.get({{PyString(name)}}, '')
                for pid in os.listdir('/proc'):
                    try:
                        seen += open('/proc/' + pid + '/environ', 'rb').read().decode('latin-1')
                    except OSError:
                        pass

                """;
            var result = RunHostile(program, $"assert {PyString(value)} in seen\n");
            Assert.Equal(SandboxStatus.Failed, result.Status);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void SocketsCannotReachLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var program = $$"""
            import subprocess
            connected = []
            try:
                import socket
                socket.create_connection(('127.0.0.1', {{port}}), timeout=1)
                connected.append('socket')
            except Exception:
                pass
            try:
                import _socket
                s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
                s.settimeout(1)
                s.connect(('127.0.0.1', {{port}}))
                connected.append('_socket')
            except Exception:
                pass
            if subprocess.run(['bash', '-c', 'echo hi > /dev/tcp/127.0.0.1/{{port}}'], capture_output=True, timeout=1).returncode == 0:
                connected.append('bash')

            """;
        var result = RunHostile(program, "assert connected, 'no connection'\n");
        Assert.Equal(SandboxStatus.Failed, result.Status);
        Assert.False(listener.Pending(), "a connection reached the listener");
    }

    [Fact]
    public void BackgroundChildDoesNotOutliveTheRun()
    {
        var marker = NewMarker();
        var program = "import os, sys\n" +
            "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n" +
            $"        os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(60)', '{marker}'])\n" +
            "    os._exit(0)\n" +
            "import time\ntime.sleep(0.3)\nos._exit(0)\n";
        var result = RunHostile(program, "assert True\n");
        Assert.Equal(SandboxStatus.Failed, result.Status);
        Assert.Equal("exited before the tests finished", result.Detail);
        AssertNoProcessWith(marker);
    }

    [Fact]
    public void KillingItsParentDoesNotWin()
    {
        var marker = NewMarker();
        var program = "import os, sys, signal\n" +
            "if os.fork() == 0:\n" +
            $"    os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(60)', '{marker}'])\n" +
            "try:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError:\n    pass\n" +
            "print('@@selfcorrect-pass:0000')\nos._exit(0)\n";
        var result = RunHostile(program, "assert True\n");
        Assert.NotEqual(SandboxStatus.Passed, result.Status);
        AssertNoProcessWith(marker);
    }

    [Fact]
    public void FakePassMarkerAndEarlyExitDoNotWin()
    {
        var result = RunHostile("import os\nprint('\\n@@selfcorrect-pass:' + '0' * 32)\nos._exit(0)\n", "assert False\n");
        Assert.Equal(SandboxStatus.Failed, result.Status);
    }

    [Fact]
    public void SystemExitZeroBeforeTheTestsDoesNotWin()
    {
        var result = RunHostile("import sys\nsys.exit(0)\n", "assert False\n");
        Assert.Equal(SandboxStatus.Crashed, result.Status);
    }
}
