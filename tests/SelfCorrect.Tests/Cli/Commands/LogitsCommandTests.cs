using System.CommandLine;
using System.Text.Json;
using SelfCorrect.Cli.Commands;
using SelfCorrect.Tests.Model;

namespace SelfCorrect.Tests.Cli.Commands;

public class LogitsCommandTests
{
    [Fact]
    public void JsonHoldsARowOfLogitsPerPositionEqualToTheReference()
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(TinySpec.Llama, seed: 4);
        weights.WriteFolder(dir.Sub("m"));
        var json = dir.Sub("out/logits.json");
        int rc = new RootCommand { LogitsCommand.Build() }.Parse(["logits", "--model-dir", dir.Sub("m"), "--ids", "1, 2,3", "--json", json]).Invoke();
        Assert.Equal(0, rc);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        var expected = ReferenceForward.Logits(weights, [1, 2, 3]);
        Assert.Equal(3, rows.Length);
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(TinySpec.Llama.Vocab, rows[t].Length);
            for (int v = 0; v < rows[t].Length; v++) Assert.True(Math.Abs(rows[t][v] - expected[t][v]) < 1e-4);
        }
    }

    [Fact]
    public void WithoutJsonASummaryIsPrinted()
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Qwen2, seed: 4).WriteFolder(dir.Path);
        var output = new StringWriter();
        var rows = LogitsCommand.Run(dir.Path, "5,6", null, "float32", "cpu", output);
        var text = output.ToString();
        Assert.StartsWith("logits [2, 64] (float32, cpu)", text);
        Assert.Contains($"position 1: token 6 -> argmax {Array.IndexOf(rows[1], rows[1].Max())} ", text);
    }

    [Theory]
    [InlineData("1,x", "is not a token id")]
    [InlineData("", "at least one token id")]
    [InlineData("1,64", "token id 64 is outside the model's vocabulary (size 64)")]
    public void BadIdsAreUserErrors(string ids, string message)
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Qwen2, seed: 4).WriteFolder(dir.Path);
        Assert.Contains(message, Assert.Throws<UserError>(() => LogitsCommand.Run(dir.Path, ids, null, "float32", "cpu", new StringWriter())).Message);
    }
}
