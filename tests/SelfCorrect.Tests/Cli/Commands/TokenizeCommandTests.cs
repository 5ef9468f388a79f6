using SelfCorrect.Cli.Commands;
using SelfCorrect.Tests.Text;

namespace SelfCorrect.Tests.Cli.Commands;

public class TokenizeCommandTests
{
    static string Run(string model, string stdin, bool chat = false, bool decode = false)
    {
        var output = new StringWriter();
        TokenizeCommand.Run(ReferenceFixtures.ModelDir(model), chat, decode, new StringReader(stdin), output);
        return output.ToString();
    }

    [Fact]
    public void EncodesStdinToJsonIdsAndDecodesThemBack()
    {
        string ids = Run("qwen3", "Hello world, it's <|im_start|>");
        Assert.Equal("[9707,1879,11,432,594,220,151644]\n", ids);
        Assert.Equal("Hello world, it's <|im_start|>", Run("qwen3", ids, decode: true));
    }

    [Fact]
    public void ChatRendersTheTemplateThenEncodes()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("llama3");
        string ids = Run("llama3", """[{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]""", chat: true);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            tokenizer.Decode(System.Text.Json.JsonSerializer.Deserialize<int[]>(ids)!));
    }

    [Theory]
    [InlineData("not json", false, true)]
    [InlineData("[1, \"x\"]", false, true)]
    [InlineData("[1, 99999999]", false, true)]
    [InlineData("{\"role\": \"user\"}", true, false)]
    [InlineData("[{\"role\": \"user\"}]", true, false)]
    public void BadStdinIsAUserError(string stdin, bool chat, bool decode) =>
        Assert.Throws<UserError>(() => Run("qwen3", stdin, chat, decode));

    [Fact]
    public void MissingModelDirectoryIsAUserError() =>
        Assert.Throws<UserError>(() => TokenizeCommand.Run("/no/such/model", false, false, new StringReader("x"), new StringWriter()));
}
