using System.Text.Json;

namespace SelfCorrect.Training;

/// <summary>Appends one JSON object per line (JSONL) and flushes each line, so a crashed run keeps its log.
/// A number that JSON cannot hold (NaN, such as reward_t2 of single-turn RL, or an infinity) is written as null.</summary>
public sealed class MetricsLog : IDisposable
{
    readonly StreamWriter? _writer;

    public MetricsLog(string? path, bool append = false)
    {
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append) { AutoFlush = true };
    }

    public void Write(IReadOnlyDictionary<string, object?> record)
    {
        if (_writer is null) return;
        var finite = record.ToDictionary(kv => kv.Key, kv => kv.Value is double d && !double.IsFinite(d) ? null : kv.Value);
        _writer.WriteLine(JsonSerializer.Serialize(finite));
    }

    public void Dispose() => _writer?.Dispose();
}

/// <summary>A progress report: which phase, how far, and the latest metrics.</summary>
public sealed record TrainProgress(string Phase, int Step, int Total, IReadOnlyDictionary<string, double> Metrics);
