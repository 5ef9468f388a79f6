namespace SelfCorrect.Text;

/// <summary>
/// One episode as a flat token sequence with, for every token, the attempt that wrote it
/// (0 = not written by the model: prompt, instructions, padding; t = attempt t, 1-based).
/// </summary>
public sealed record EpisodeTokens(int[] Ids, int[] AttemptOf)
{
    /// <summary>Builds x1 y1 p1 y2 ... from attempt ids; an attempt cut by the budget gets a closing
    /// end-of-turn token that is marked as not written by the model.</summary>
    public static EpisodeTokens Build(IEpisodeFormat format, string problem, string instruction, IReadOnlyList<IReadOnlyList<int>> attempts)
    {
        var ids = new List<int>(format.FirstPrompt(problem));
        var owner = new List<int>(new int[ids.Count]);
        for (int t = 0; t < attempts.Count; t++)
        {
            if (t > 0)
            {
                var between = format.Between(instruction);
                ids.AddRange(between);
                owner.AddRange(new int[between.Count]);
            }
            ids.AddRange(attempts[t]);
            owner.AddRange(Enumerable.Repeat(t + 1, attempts[t].Count));
            if (attempts[t].Count == 0 || attempts[t][^1] != format.EndOfTurn)
            {
                ids.Add(format.EndOfTurn);
                owner.Add(0);
            }
        }
        return new(ids.ToArray(), owner.ToArray());
    }

    /// <summary>Ids of the prompt for attempt <paramref name="next"/> (1-based) given the earlier attempts.</summary>
    public static IReadOnlyList<int> PromptFor(IEpisodeFormat format, string problem, string instruction, IReadOnlyList<IReadOnlyList<int>> earlier)
    {
        if (earlier.Count == 0) return format.FirstPrompt(problem);
        var e = Build(format, problem, instruction, earlier);
        return [.. e.Ids, .. format.Between(instruction)];
    }
}
