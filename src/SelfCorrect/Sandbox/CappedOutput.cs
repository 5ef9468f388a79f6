namespace SelfCorrect.Sandbox;

/// <summary>Reads a run's stdout and stderr together under one byte cap; past the cap it stops reading and
/// cancels <see cref="Overflowed"/> so the caller kills the run.</summary>
internal sealed class CappedOutput(long capBytes) : IDisposable
{
    private readonly CancellationTokenSource _overflow = new();
    private long _total;

    public MemoryStream Stdout { get; } = new();
    public MemoryStream Stderr { get; } = new();
    public CancellationToken Overflowed => _overflow.Token;
    public bool Exceeded => _overflow.IsCancellationRequested;

    public Task ReadAsync(Stream source, MemoryStream sink) => Task.Run(async () =>
    {
        var buffer = new byte[16 << 10];
        while (true)
        {
            int n;
            try { n = await source.ReadAsync(buffer); }
            catch (Exception e) when (e is IOException or ObjectDisposedException) { return; }
            if (n == 0) return;
            var total = Interlocked.Add(ref _total, n);
            var room = n - (int)Math.Max(0, total - capBytes);
            lock (sink) sink.Write(buffer, 0, Math.Max(0, room));
            if (total > capBytes)
            {
                _overflow.Cancel();
                return;
            }
        }
    });

    public void Dispose() => _overflow.Dispose();
}
