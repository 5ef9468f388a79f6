using System.Text.Encodings.Web;
using System.Text.Json;
using SelfCorrect.Tasks;

namespace SelfCorrect.Data;

/// <summary>Writes verdicts as JSON Lines, one line per problem:
/// <c>{"id", "answer", "attempts": [{"extracted", "reward", "status", "detail"}, ...]}</c>.</summary>
public static class VerdictsWriter
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes (replacing) the file, creating its folder; returns the number of lines written.</summary>
    public static int Write(string path, IEnumerable<(Problem Problem, IReadOnlyList<Verdict> Verdicts)> rows)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var stream = File.Create(path);
        var count = 0;
        foreach (var (problem, verdicts) in rows)
        {
            WriteLine(stream, problem, verdicts);
            count++;
        }
        return count;
    }

    static void WriteLine(Stream stream, Problem problem, IReadOnlyList<Verdict> verdicts)
    {
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("id", problem.Id);
            w.WriteString("answer", problem.Answer);
            w.WriteStartArray("attempts");
            foreach (var v in verdicts)
            {
                w.WriteStartObject();
                w.WriteString("extracted", v.Extracted);
                w.WriteNumber("reward", v.Reward);
                w.WriteString("status", v.Status);
                w.WriteString("detail", v.Detail);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
    }
}
