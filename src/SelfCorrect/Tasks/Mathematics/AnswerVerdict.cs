namespace SelfCorrect.Tasks.Mathematics;

/// <summary>Turns an extracted answer and a comparison into a <see cref="Verdict"/>.</summary>
public static class AnswerVerdict
{
    public const string Correct = "correct";
    public const string Wrong = "wrong";
    public const string Malformed = "malformed";

    public static Verdict Judge(string gold, string? extracted, Func<string, string, bool> equivalent, string malformedDetail)
    {
        if (extracted is null) return new Verdict(0, null, Malformed, malformedDetail);
        return equivalent(gold, extracted)
            ? new Verdict(1, extracted, Correct)
            : new Verdict(0, extracted, Wrong, $"expected {gold}");
    }
}
