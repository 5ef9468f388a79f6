using System.Security.Cryptography;
using System.Text;

namespace SelfCorrect.Tasks.Code;

/// <summary>The built-in tiny code task, small enough for a character-level model with a 256-character context:
/// "Write f(x) returning x times 3 plus 1." answered by <c>def f(x): return x*3+1</c>, checked by running five
/// asserts in the sandbox. A problem's split is a hash of its expression, so train and test never share one.</summary>
public static class CodeTask
{
    private sealed record Template(string Description, string Expression, Func<long, long, long, long> Eval, int MinA = 1);

    private static readonly Template[] Templates =
    [
        new("x plus {a}", "x+{a}", (x, a, _) => x + a),
        new("x minus {a}", "x-{a}", (x, a, _) => x - a),
        new("x times {a}", "x*{a}", (x, a, _) => x * a, MinA: 2),
        new("x times {a} plus {b}", "x*{a}+{b}", (x, a, b) => x * a + b, MinA: 2),
        new("x times {a} minus {b}", "x*{a}-{b}", (x, a, b) => x * a - b, MinA: 2),
        new("x plus {a}, times {b}", "(x+{a})*{b}", (x, a, b) => (x + a) * b),
        new("x squared plus {a}", "x*x+{a}", (x, a, _) => x * x + a),
        new("x mod {a}", "x%{a}", (x, a, _) => FloorMod(x, a), MinA: 2),
        new("x floor-divided by {a}", "x//{a}", (x, a, _) => FloorDiv(x, a), MinA: 2),
        new("the larger of x and {a}", "max(x,{a})", (x, a, _) => Math.Max(x, a)),
        new("the smaller of x and {a}", "min(x,{a})", (x, a, _) => Math.Min(x, a)),
        new("the distance from x to {a}", "abs(x-{a})", (x, a, _) => Math.Abs(x - a)),
    ];

    /// <summary>Sibling templates a wrong solution may confuse a template with.</summary>
    private static readonly int[][] Confusions =
        [[1, 2], [0, 2], [0, 3], [4, 5, 2], [3, 5], [3, 0], [2, 0], [8, 1], [7, 1], [10, 0], [9, 1], [1, 9]];

    private static readonly long[] Inputs = [-3, 0, 1, 4, 7];

    public const int MaxConstant = 9;

    /// <summary>Distinct problems of the split, in a seeded order; cycles (reshuffled) when <paramref name="count"/>
    /// exceeds the split's size.</summary>
    public static IReadOnlyList<TinyCodeProblem> Generate(int seed, int count, Split split)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var pool = All().Where(p => SplitOf(p) == split).ToArray();
        var random = new Random(seed);
        var problems = new List<TinyCodeProblem>(count);
        while (problems.Count < count)
        {
            random.Shuffle(pool);
            problems.AddRange(pool.Take(count - problems.Count));
        }
        return problems;
    }

    /// <summary>Every problem of the task, both splits.</summary>
    public static IEnumerable<TinyCodeProblem> All()
    {
        for (var t = 0; t < Templates.Length; t++)
        {
            var usesB = Templates[t].Expression.Contains("{b}", StringComparison.Ordinal);
            for (var a = Templates[t].MinA; a <= MaxConstant; a++)
                for (var b = 1; b <= (usesB ? MaxConstant : 1); b++)
                    yield return Make(t, a, usesB ? b : 0);
        }
    }

    /// <summary>Test for a fifth of the expressions (by SHA-256 of the reference program), train for the rest.</summary>
    public static Split SplitOf(CodeProblem problem) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(problem.Answer))[0] % 5 == 0 ? Split.Test : Split.Train;

    /// <summary>A plausible wrong program for supervised pretraining of an imperfect base model: an off-by-one
    /// constant, a confused operator or template, or (rarely) a syntax slip. Always fails at least one test.</summary>
    public static string SampleWrongSolution(TinyCodeProblem problem, Random random)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (random.NextDouble() < 0.1) return problem.Answer.Replace("):", ")", StringComparison.Ordinal);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (t, a, b) = (problem.Template, problem.A, problem.B);
            switch (random.Next(3))
            {
                case 0: a = Math.Max(Templates[t].MinA, a + (random.Next(2) == 0 ? -1 : 1)); break;
                case 1 when b > 0: b += random.Next(2) == 0 ? -1 : 1; break;
                default:
                    t = Confusions[t][random.Next(Confusions[t].Length)];
                    a = Math.Max(a, Templates[t].MinA);
                    b = Templates[t].Expression.Contains("{b}", StringComparison.Ordinal) ? Math.Max(b, 1) : 0;
                    break;
            }
            if (Inputs.Any(x => Evaluate(t, a, b, x) != Evaluate(problem.Template, problem.A, problem.B, x)))
                return Program(t, a, b);
        }
        return Program(problem.Template, problem.A, problem.B).Replace("return ", "return 1+", StringComparison.Ordinal);
    }

    private static TinyCodeProblem Make(int t, int a, int b)
    {
        var template = Templates[t];
        var program = Program(t, a, b);
        var description = Fill(template.Description, a, b);
        var tests = new StringBuilder();
        foreach (var x in Inputs) tests.Append($"assert f({x}) == {Evaluate(t, a, b, x)}\n");
        tests.Append($"assert all(type(f(x)) is int for x in ({string.Join(", ", Inputs)}))\n");
        var id = "tiny/" + Fill(template.Expression, a, b);
        return new TinyCodeProblem(id, $"Write f(x) returning {description}.\n", program, tests.ToString(), t, a, b);
    }

    private static string Program(int t, int a, int b) => $"def f(x): return {Fill(Templates[t].Expression, a, b)}\n";

    private static long Evaluate(int t, int a, int b, long x) => Templates[t].Eval(x, a, b);

    private static string Fill(string text, int a, int b) =>
        text.Replace("{a}", a.ToString(), StringComparison.Ordinal).Replace("{b}", b.ToString(), StringComparison.Ordinal);

    private static long FloorDiv(long x, long a) => (long)Math.Floor((double)x / a);

    private static long FloorMod(long x, long a) => x - FloorDiv(x, a) * a;
}
