namespace SelfCorrect.Generation;

/// <summary>How to pick each next token. Greedy ignores temperature and top-p.</summary>
public sealed record SamplingOptions
{
    public int MaxNewTokens { get; init; } = 32;
    public bool Greedy { get; init; }
    public double Temperature { get; init; } = 1.0;
    public double TopP { get; init; } = 1.0;

    public static SamplingOptions GreedyDecoding(int maxNewTokens) => new() { MaxNewTokens = maxNewTokens, Greedy = true };

    public void Validate()
    {
        if (MaxNewTokens < 1) throw new UserError("max new tokens must be at least 1");
        if (!Greedy && Temperature <= 0) throw new UserError("temperature must be > 0 (use greedy decoding for 0)");
        if (TopP is <= 0 or > 1) throw new UserError("top-p must be in (0, 1]");
    }
}

/// <summary>
/// Generated continuations, one per prompt: the new tokens (including the end-of-sequence token when one
/// was produced), their log-probabilities under the model (temperature 1, before top-p: the policy's
/// own log-probs, which RL needs), and whether generation stopped at end-of-sequence.
/// </summary>
public sealed record GenerationResult(int[][] Tokens, float[][] LogProbs, bool[] Finished);
