using System.Text.Json;

namespace SelfCorrect.Training;

/// <summary>Appends one JSON object per line (JSONL) and flushes each line, so a crashed run keeps its log.</summary>
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
        _writer?.WriteLine(JsonSerializer.Serialize(record));
    }

    public void Dispose() => _writer?.Dispose();
}

/// <summary>A progress report: which phase, how far, and the latest metrics.</summary>
public sealed record TrainProgress(string Phase, int Step, int Total, IReadOnlyDictionary<string, double> Metrics);
