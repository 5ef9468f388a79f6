using System.Text.Json;
using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Data;

/// <summary>Loads math problems from JSON Lines files:
/// <list type="bullet">
/// <item>"math": <c>{"problem", "solution"}</c>; the answer is the last <c>\boxed{...}</c> of the solution; "level" and
/// "type" (or "subject") are kept when present.</item>
/// <item>"gsm8k": <c>{"question", "answer"}</c>; the answer is the number after the final "####".</item>
/// <item>"generic": <c>{"prompt", "answer"}</c>.</item>
/// </list>
/// A problem's id is its line's "id", "task_id" or "unique_id" field (string or number), else the 0-based line number.
/// A bad line (invalid JSON, missing field, no box, no "####", duplicate id) stops the load with a <see cref="UserError"/>
/// naming it, unless <c>skipBadLines</c> is set; then it is left out and listed in <see cref="LoadedDataset.BadLines"/>.</summary>
public static class DatasetLoader
{
    static readonly string[] IdFields = ["id", "task_id", "unique_id"];

    public static LoadedDataset Load(string task, string path, PromptConfig? prompts = null, bool skipBadLines = false)
    {
        var parse = Parser(MathTasks.Canonical(task));
        prompts ??= PromptConfig.Default;
        var problems = new List<MathProblem>();
        var bad = new List<BadLine>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in JsonLines.Read(path))
        {
            try
            {
                if (line.Error is not null) throw new BadLineException(line.Error);
                var id = Id(line.Root) ?? (line.Number - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (firstLineOfId.TryGetValue(id, out var first)) throw new BadLineException($"duplicate id \"{id}\" (first on line {first})");
                var problem = parse(line.Root, id, prompts);
                firstLineOfId[id] = line.Number;
                problems.Add(problem);
            }
            catch (BadLineException e)
            {
                if (!skipBadLines) throw new UserError($"{path}: line {line.Number}: {e.Message} (allow skipping bad lines to go on without it)");
                bad.Add(new BadLine(line.Number, e.Message));
            }
        }
        if (problems.Count == 0)
            throw new UserError(bad.Count == 0 ? $"{path}: no problems in the file" : $"{path}: no usable problems ({bad.Count} bad lines, first: {bad[0]})");
        return new LoadedDataset(problems, bad);
    }

    static string? Id(JsonElement root) =>
        IdFields.Select(f => JsonLines.OptionalKey(root, f)).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    delegate MathProblem LineParser(JsonElement root, string id, PromptConfig prompts);

    static LineParser Parser(string task) => task switch
    {
        MathTasks.Math => ParseMath,
        MathTasks.Gsm8k => ParseGsm8k,
        _ => ParseGeneric,
    };

    static MathProblem ParseMath(JsonElement root, string id, PromptConfig prompts)
    {
        var question = JsonLines.RequiredString(root, "problem");
        var solution = JsonLines.RequiredString(root, "solution");
        var answer = MathAnswerExtractor.LastBoxedContent(solution) ?? throw new BadLineException(@"no \boxed{...} in ""solution""");
        var level = JsonLines.OptionalKey(root, "level");
        var type = JsonLines.OptionalString(root, "type") ?? JsonLines.OptionalString(root, "subject");
        return new MathProblem(id, prompts.Attempt1(question), answer, question, level, type);
    }

    static MathProblem ParseGsm8k(JsonElement root, string id, PromptConfig prompts)
    {
        var question = JsonLines.RequiredString(root, "question");
        var answer = JsonLines.RequiredString(root, "answer");
        var reference = Gsm8kAnswer.ReferenceOf(answer)
            ?? throw new BadLineException(answer.Contains("####", StringComparison.Ordinal) ? "no number after \"####\" in \"answer\"" : "no \"####\" in \"answer\"");
        return new MathProblem(id, prompts.Attempt1(question), reference.Replace(",", "").Replace("$", "").Replace("\\", "").Replace(" ", ""), question);
    }

    static MathProblem ParseGeneric(JsonElement root, string id, PromptConfig prompts)
    {
        var question = JsonLines.RequiredString(root, "prompt");
        var answer = JsonLines.OptionalKey(root, "answer") is { Length: > 0 } a ? a.Trim()
            : throw new BadLineException(root.TryGetProperty("answer", out _) ? "field \"answer\" is empty" : "missing field \"answer\"");
        return new MathProblem(id, prompts.Attempt1(question), answer, question);
    }
}
