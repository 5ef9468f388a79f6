namespace SelfCorrect.Sandbox;

/// <summary>The command line that starts the launcher in a given isolation mode.</summary>
internal static class RunnerCommand
{
    private static readonly string[] NamespaceFlags =
        ["--net", "--pid", "--mount", "--fork", "--kill-child", "--mount-proc"];

    public static (string FileName, IReadOnlyList<string> Arguments) For(IsolationMode mode, string python)
    {
        string[] launcher = [python, "-I", "-S", "-B", "-c", SandboxScripts.Launcher];
        return mode switch
        {
            IsolationMode.RootNamespaces => ("unshare", [.. NamespaceFlags, "--", .. launcher]),
            IsolationMode.UserNamespaces => ("unshare", ["--user", "--map-root-user", .. NamespaceFlags, "--", .. launcher]),
            IsolationMode.ProcessOnly => (python, launcher[1..]),
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }

    /// <summary>Directories covered by tmpfs inside the namespaces: the shared writable places, the homes, and the
    /// caller's HOME and TMPDIR wherever they are.</summary>
    public static IReadOnlyList<string> HiddenPaths()
    {
        var paths = new List<string> { "/tmp", "/dev/shm", "/var/tmp", "/run", "/home", "/root" };
        foreach (var extra in new[] { Environment.GetEnvironmentVariable("HOME"), Path.GetTempPath() })
        {
            if (string.IsNullOrEmpty(extra)) continue;
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(extra));
            if (full.Length > 1 && !paths.Any(p => full == p || full.StartsWith(p + "/", StringComparison.Ordinal)))
                paths.Add(full);
        }
        return paths;
    }
}
