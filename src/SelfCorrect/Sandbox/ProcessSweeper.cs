namespace SelfCorrect.Sandbox;

/// <summary>Finds and kills processes whose environment carries a run's marker. Used only without a PID namespace,
/// where a child that left the process group (setsid) would otherwise survive its run.</summary>
internal static class ProcessSweeper
{
    public const string MarkerVariable = "SELFCORRECT_SANDBOX_RUN";

    public static IReadOnlyList<int> FindMarked(string marker)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes($"{MarkerVariable}={marker}\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            byte[] environ;
            try { environ = File.ReadAllBytes(Path.Combine(dir, "environ")); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (environ.AsSpan().IndexOf(needle) >= 0) found.Add(pid);
        }
        return found;
    }

    public static void KillMarked(string marker)
    {
        for (var round = 0; round < 3; round++)
        {
            var pids = FindMarked(marker);
            if (pids.Count == 0) return;
            foreach (var pid in pids) NativeMethods.KillProcess(pid);
            Thread.Sleep(10);
        }
    }
}
