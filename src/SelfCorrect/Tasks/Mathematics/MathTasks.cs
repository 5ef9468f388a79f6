namespace SelfCorrect.Tasks.Mathematics;

/// <summary>The math task names and their checkers.</summary>
public static class MathTasks
{
    public const string Math = "math";
    public const string Gsm8k = "gsm8k";
    public const string Generic = "generic";

    public static IReadOnlyList<string> Names { get; } = [Math, Gsm8k, Generic];

    public static IVerifier VerifierFor(string task) => Canonical(task) switch
    {
        Math => new MathVerifier(),
        Gsm8k => new Gsm8kVerifier(),
        _ => new GenericVerifier(),
    };

    /// <summary>The lower-case task name; a UserError for an unknown one.</summary>
    public static string Canonical(string task)
    {
        var name = task.Trim().ToLowerInvariant();
        return Names.Contains(name) ? name : throw new UserError($"unknown math task '{task}' (expected one of: {string.Join(", ", Names)})");
    }
}
