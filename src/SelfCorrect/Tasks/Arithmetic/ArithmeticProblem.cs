namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>A sum of terms; Prompt is "47+18+36=", Answer the exact sum.</summary>
public sealed record ArithmeticProblem(string Id, int[] Terms)
    : Problem(Id, string.Join("+", Terms) + "=", Terms.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture));
