namespace SelfCorrect.Evaluation;

/// <summary>Levenshtein distance, and the ratio the paper's edit analysis uses: distance / combined length.</summary>
public static class EditDistance
{
    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    /// <summary>0 for identical attempts, at most 1 for completely different ones; 0 when both are empty.</summary>
    public static double Ratio(string a, string b) => a.Length + b.Length == 0 ? 0 : (double)Levenshtein(a, b) / (a.Length + b.Length);
}
