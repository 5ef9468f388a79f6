namespace SelfCorrect.Tasks.Code;

/// <summary>Loads HumanEval JSONL: <c>task_id</c>, <c>prompt</c>, <c>entry_point</c>, <c>test</c> (defines
/// <c>check(candidate)</c>) and optionally <c>canonical_solution</c> (the reference is prompt + solution).</summary>
public static class HumanEvalLoader
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
            var id = JsonlReader.RequireString(row, "task_id", source, line);
            var prompt = JsonlReader.RequireString(row, "prompt", source, line);
            var entryPoint = JsonlReader.RequireString(row, "entry_point", source, line);
            var test = JsonlReader.RequireString(row, "test", source, line);
            var solution = JsonlReader.OptionalString(row, "canonical_solution", source, line);
            if (!System.Text.RegularExpressions.Regex.IsMatch(entryPoint, @"^[A-Za-z_][A-Za-z0-9_]*$"))
                throw new UserError($"{source}:{line}: entry_point \"{entryPoint}\" is not a Python name");
            if (!test.Contains("def check(", StringComparison.Ordinal))
                throw new UserError($"{source}:{line}: test does not define check(candidate)");
            problems.Add(new CodeProblem(id, prompt, prompt + solution, test, entryPoint, CodePrefix: prompt));
        }
        return problems;
    }
}
