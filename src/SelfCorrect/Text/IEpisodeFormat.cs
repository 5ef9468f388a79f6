namespace SelfCorrect.Text;

/// <summary>
/// How a multi-attempt episode becomes tokens: x1 (problem) as a user turn, each attempt y_t as an
/// assistant turn, and the correction instruction p_t as a user turn between attempts. Attempts are
/// kept as the exact token ids the model wrote, so log-probs never depend on re-tokenisation.
/// </summary>
public interface IEpisodeFormat
{
    ITokenizer Tokenizer { get; }
    /// <summary>Ids from the start of the conversation up to where attempt 1 begins.</summary>
    IReadOnlyList<int> FirstPrompt(string problem);
    /// <summary>Ids between the end of one attempt (after its end-of-turn token) and the start of the next.</summary>
    IReadOnlyList<int> Between(string instruction);
    /// <summary>The token that closes an assistant turn.</summary>
    int EndOfTurn { get; }
}

/// <summary>The episode format of the built-in character model: &lt;bos&gt;&lt;user&gt;x1&lt;assistant&gt;y1&lt;eot&gt;&lt;user&gt;p1&lt;assistant&gt;y2&lt;eot&gt;.</summary>
public sealed class CharEpisodeFormat(CharTokenizer tokenizer) : IEpisodeFormat
{
    public ITokenizer Tokenizer => tokenizer;
    public int EndOfTurn => CharTokenizer.EndOfTurn;

    public IReadOnlyList<int> FirstPrompt(string problem) =>
        [CharTokenizer.Bos, CharTokenizer.User, .. tokenizer.Encode(problem), CharTokenizer.Assistant];

    public IReadOnlyList<int> Between(string instruction) =>
        [CharTokenizer.User, .. tokenizer.Encode(instruction), CharTokenizer.Assistant];
}
