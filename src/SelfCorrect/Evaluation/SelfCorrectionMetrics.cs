using System.Text.Json.Serialization;

namespace SelfCorrect.Evaluation;

/// <summary>
/// The paper's self-correction metrics over n problems with T attempts each: Accuracy@t for every t,
/// Δ(t1,tT) = Acc@tT − Acc@t1, Δi→c (wrong at t1, right at tT), Δc→i (right at t1, wrong at tT), and the
/// mean edit-distance ratio between consecutive attempts. Δ = Δi→c − Δc→i holds exactly. Each accuracy
/// and Δ comes with a 95% interval: Wilson for proportions, normal approximation of the paired
/// per-problem differences for Δ.
/// </summary>
public sealed record SelfCorrectionMetrics
{
    [JsonPropertyName("n")] public int N { get; init; }
    [JsonPropertyName("accuracy")] public double[] Accuracy { get; init; } = [];
    [JsonPropertyName("delta")] public double Delta { get; init; }
    [JsonPropertyName("delta_i_to_c")] public double DeltaIToC { get; init; }
    [JsonPropertyName("delta_c_to_i")] public double DeltaCToI { get; init; }
    [JsonPropertyName("edit_ratio")] public double EditRatio { get; init; }
    [JsonPropertyName("ci95")] public Dictionary<string, double[]> Ci95 { get; init; } = [];

    const double Z = 1.959963984540054;

    /// <param name="correct">correct[i][t]: whether problem i's attempt t is right.</param>
    /// <param name="texts">texts[i][t]: the attempts, for the edit ratio.</param>
    public static SelfCorrectionMetrics Compute(IReadOnlyList<IReadOnlyList<bool>> correct, IReadOnlyList<IReadOnlyList<string>> texts)
    {
        int n = correct.Count;
        if (n == 0) throw new UserError("no problems to evaluate");
        int attempts = correct[0].Count;
        if (correct.Any(c => c.Count != attempts)) throw new ArgumentException("every problem needs the same number of attempts");
        var acc = new double[attempts];
        var ci = new Dictionary<string, double[]>();
        for (int t = 0; t < attempts; t++)
        {
            int k = correct.Count(c => c[t]);
            acc[t] = (double)k / n;
            ci[$"accuracy_t{t + 1}"] = Wilson(k, n);
        }
        int last = attempts - 1;
        int iToC = correct.Count(c => !c[0] && c[last]);
        int cToI = correct.Count(c => c[0] && !c[last]);
        double delta = (double)(iToC - cToI) / n;
        var diffs = correct.Select(c => (c[last] ? 1.0 : 0.0) - (c[0] ? 1.0 : 0.0)).ToArray();
        double var = diffs.Sum(d => (d - delta) * (d - delta)) / Math.Max(1, n - 1);
        double half = Z * Math.Sqrt(var / n);
        ci["delta"] = [delta - half, delta + half];
        ci["delta_i_to_c"] = Wilson(iToC, n);
        ci["delta_c_to_i"] = Wilson(cToI, n);
        double edit = attempts < 2 ? 0 : texts.Average(x => Enumerable.Range(1, attempts - 1).Average(t => EditDistance.Ratio(x[t - 1], x[t])));
        return new SelfCorrectionMetrics
        {
            N = n, Accuracy = acc, Delta = delta, DeltaIToC = (double)iToC / n, DeltaCToI = (double)cToI / n, EditRatio = edit, Ci95 = ci,
        };
    }

    /// <summary>Wilson score interval for k successes in n trials.</summary>
    public static double[] Wilson(int k, int n)
    {
        double p = (double)k / n, z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return [Math.Max(0, centre - half), Math.Min(1, centre + half)];
    }
}
