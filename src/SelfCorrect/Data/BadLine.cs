namespace SelfCorrect.Data;

/// <summary>A line of a data file that could not be used.</summary>
/// <param name="Line">1-based line number, as editors show it.</param>
public sealed record BadLine(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}
