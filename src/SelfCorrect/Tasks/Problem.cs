namespace SelfCorrect.Tasks;

/// <summary>One problem of a task: the prompt shown to the model (x1) and the reference answer.
/// Tasks that need more (unit tests, an entry point) derive their own record from it.</summary>
public record Problem(string Id, string Prompt, string Answer);

/// <summary>The checker's verdict on one completion.</summary>
/// <param name="Reward">1 when correct, 0 otherwise (malformed output is 0).</param>
/// <param name="Extracted">The answer (or program) extracted from the completion, if any.</param>
/// <param name="Status">A short word: "correct", "wrong", "malformed", or for code "passed", "failed", "timeout", "memory", "crashed".</param>
/// <param name="Detail">Optional detail for error analysis (first lines of an error, say).</param>
public sealed record Verdict(double Reward, string? Extracted, string Status, string? Detail = null);

/// <summary>Checks completions against problems; the reward of the RL loop.</summary>
public interface IVerifier
{
    Verdict Check(Problem problem, string completion);

    /// <summary>Checks many at once; verifiers that run programs override this to bound concurrency.</summary>
    IReadOnlyList<Verdict> CheckAll(IReadOnlyList<(Problem Problem, string Completion)> items)
        => items.Select(i => Check(i.Problem, i.Completion)).ToList();
}
