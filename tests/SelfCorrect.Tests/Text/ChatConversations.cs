using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

/// <summary>Conversations the chat-template tests render: the SCoRe two-attempt shape with and
/// without a system prompt, and contents with template syntax, special characters and whitespace.</summary>
static class ChatConversations
{
    public const string Correction =
        "There might be an error in the solution above because of lack of understanding of the question. " +
        "Please correct the error, if any, and rewrite the solution. Put your final answer within \\boxed{}.";

    public static ChatMessage[] TwoAttempts(bool withSystem) =>
    [
        .. withSystem ? [new ChatMessage("system", "You are a careful mathematician. Reason step by step.")] : Array.Empty<ChatMessage>(),
        new("user", "Find all real $x$ with $x^2 - 5x + 6 = 0$."),
        new("assistant", "Factor: $(x-2)(x-3) = 0$, so $x = 2$.\nThe answer is \\boxed{2}."),
        new("user", Correction),
        new("assistant", "The factorization gives two roots.\n\n$x = 2$ or $x = 3$, so the answer is \\boxed{2, 3}."),
    ];

    public static IReadOnlyList<(string Name, ChatMessage[] Messages)> All { get; } =
    [
        ("two attempts with system", TwoAttempts(withSystem: true)),
        ("two attempts without system", TwoAttempts(withSystem: false)),
        ("first turn only", [new("user", "What is 2 + 2?")]),
        ("template syntax and quotes in content",
        [
            new("system", "Use {{ braces }} and {% tags %} literally; quotes ' \" and \\backslash\\."),
            new("user", "Print `{{ x }}` and {# not a comment #}.\tTabs\tand trailing spaces   "),
            new("assistant", "  Leading and trailing whitespace  \n"),
            new("user", "<|im_start|> and <|eot_id|> inside user text, emoji 😀, 中文, العربية"),
        ]),
        ("newlines around content",
        [
            new("user", "\n\nstarts with newlines\n"),
            new("assistant", "\n\nanswer after blank lines\n\n"),
            new("user", Correction),
            new("assistant", "line 1\r\nline 2\n"),
        ]),
        ("reasoning in assistant content",
        [
            new("user", "Is 91 prime?"),
            new("assistant", "<think>\n91 = 7 * 13.\n</think>\n\nNo, 91 = 7 × 13."),
            new("user", Correction),
            new("assistant", "<think>\nCheck again: 7 * 13 = 91.\n</think>\n\nNo; \\boxed{\\text{not prime}}."),
        ]),
        ("system only", [new("system", "Only a system prompt.")]),
    ];
}
