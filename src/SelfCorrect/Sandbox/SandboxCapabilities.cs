namespace SelfCorrect.Sandbox;

/// <summary>How runs are isolated: with Linux namespaces (as root or in a user namespace), or the plain-process fallback.</summary>
public enum IsolationMode
{
    /// <summary>Started as root: new network, PID and mount namespaces; the program runs as an unprivileged uid.</summary>
    RootNamespaces,
    /// <summary>Started as a normal user: a user namespace (mapped to the caller) adds network, PID and mount namespaces.</summary>
    UserNamespaces,
    /// <summary>No namespaces: a process group, rlimits and a Python-level socket guard only.</summary>
    ProcessOnly,
}

/// <summary>Which isolation features are active on this machine, found by a probe run.</summary>
/// <param name="Mode">The isolation mode in use.</param>
/// <param name="PythonPath">The interpreter that runs programs.</param>
/// <param name="NetworkNamespace">A fresh network namespace (only a downed loopback): no traffic leaves the run.</param>
/// <param name="PidNamespace">A PID namespace: when the run ends, every process in it is killed by the kernel.</param>
/// <param name="PrivateTmp">Private tmpfs over /tmp and /dev/shm, empty read-only tmpfs over /var/tmp, /run, /home, /root.</param>
/// <param name="ReadOnlyFilesystem">Every other mount is remounted read-only inside the run.</param>
/// <param name="ProgramUid">The uid the program runs as, when it is not the caller's.</param>
/// <param name="HiddenPaths">The directories replaced by empty tmpfs.</param>
/// <param name="Notes">Why a feature is missing, when one is.</param>
public sealed record SandboxCapabilities(
    IsolationMode Mode,
    string PythonPath,
    bool NetworkNamespace,
    bool PidNamespace,
    bool PrivateTmp,
    bool ReadOnlyFilesystem,
    int? ProgramUid,
    IReadOnlyList<string> HiddenPaths,
    IReadOnlyList<string> Notes)
{
    /// <summary>Always on: rlimits (CPU, address space, file size, processes, open files, no core), a clean
    /// environment, stdin from /dev/null, PR_SET_NO_NEW_PRIVS, and a Python audit hook that refuses sockets.</summary>
    public static IReadOnlyList<string> AlwaysOn { get; } =
        ["rlimits", "clean-env", "no-new-privs", "python-socket-guard", "process-group-kill"];

    /// <summary>One line for logs and <c>selfcorrect bench</c>.</summary>
    public string Describe()
    {
        var on = new List<string>(AlwaysOn);
        if (NetworkNamespace) on.Add("net-ns");
        if (PidNamespace) on.Add("pid-ns");
        if (PrivateTmp) on.Add("private-tmp");
        if (ReadOnlyFilesystem) on.Add("read-only-fs");
        if (ProgramUid is { } uid) on.Add($"uid={uid}");
        var text = $"{Mode}: {string.Join(", ", on)} (python {PythonPath})";
        return Notes.Count == 0 ? text : $"{text}; {string.Join("; ", Notes)}";
    }
}
