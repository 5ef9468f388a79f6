using System.Runtime.InteropServices;

namespace SelfCorrect.Sandbox;

/// <summary>The two libc calls the sandbox needs from .NET.</summary>
internal static class NativeMethods
{
    public const int SigKill = 9;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>SIGKILLs a process group; errors (already gone) are ignored.</summary>
    public static void KillGroup(int pgid)
    {
        if (pgid > 1) kill(-pgid, SigKill);
    }

    public static void KillProcess(int pid)
    {
        if (pid > 1) kill(pid, SigKill);
    }
}
