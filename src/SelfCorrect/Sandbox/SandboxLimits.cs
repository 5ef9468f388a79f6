namespace SelfCorrect.Sandbox;

/// <summary>Limits of one sandboxed run, and how many runs may go at once.</summary>
/// <param name="WallSeconds">Wall-clock limit; the whole process tree is killed past it.</param>
/// <param name="CpuSeconds">CPU-time limit (RLIMIT_CPU) of the program's process.</param>
/// <param name="MemoryBytes">Address-space limit (RLIMIT_AS) of each process of the program.</param>
/// <param name="MaxOutputBytes">Stdout plus stderr; past it reading stops and the run is killed.</param>
/// <param name="MaxProcesses">RLIMIT_NPROC of the program's user (contains fork bombs).</param>
/// <param name="Concurrency">How many runs may go at once.</param>
/// <param name="MaxFileBytes">Largest file the program may write (RLIMIT_FSIZE); also the size of its private /tmp.</param>
public sealed record SandboxLimits(
    double WallSeconds = 5,
    int CpuSeconds = 4,
    long MemoryBytes = 512L << 20,
    int MaxOutputBytes = 64 << 10,
    int MaxProcesses = 32,
    int Concurrency = 2,
    long MaxFileBytes = 16L << 20)
{
    public static SandboxLimits Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WallSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CpuSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(MemoryBytes, 32L << 20);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOutputBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxProcesses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Concurrency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Concurrency, 256);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFileBytes);
    }
}
