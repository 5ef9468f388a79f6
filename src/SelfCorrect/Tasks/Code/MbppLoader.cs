using System.Text.Json;

namespace SelfCorrect.Tasks.Code;

/// <summary>Loads MBPP JSONL: <c>text</c>, <c>code</c>, <c>test_list</c>, <c>test_setup_code</c>, <c>task_id</c>.
/// The prompt is the usual MBPP one: the description followed by the test asserts the code must pass.</summary>
public static class MbppLoader
{
    public static IReadOnlyList<CodeProblem> Load(string path)
    {
        using var reader = JsonlReader.Open(path);
        return Parse(reader, path);
    }

    public static IReadOnlyList<CodeProblem> Parse(TextReader reader, string source)
    {
        var problems = new List<CodeProblem>();
        foreach (var (line, row) in JsonlReader.Read(reader, source))
        {
            var id = JsonlReader.RequireString(row, "task_id", source, line, allowNumber: true);
            var text = JsonlReader.RequireString(row, "text", source, line);
            var code = JsonlReader.RequireString(row, "code", source, line);
            var setup = JsonlReader.OptionalString(row, "test_setup_code", source, line);
            if (!row.TryGetProperty("test_list", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new UserError($"{source}:{line}: missing list field \"test_list\"");
            var tests = list.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : throw new UserError($"{source}:{line}: test_list must hold strings")).ToList();
            if (tests.Count == 0) throw new UserError($"{source}:{line}: test_list is empty");
            var prompt = $"{text}\nYour code should pass these tests:\n{string.Join('\n', tests)}\n";
            var testCode = (setup.Length > 0 ? setup + "\n" : "") + string.Join('\n', tests) + "\n";
            problems.Add(new CodeProblem($"mbpp/{id}", prompt, code.Replace("\r\n", "\n"), testCode));
        }
        return problems;
    }
}
