using System.CommandLine;
using System.Text.Json;
using SelfCorrect.Checkpoints;
using SelfCorrect.Cli.Commands;
using SelfCorrect.Model;
using SelfCorrect.Tests.Model;
using SelfCorrect.Text;

namespace SelfCorrect.Tests.Cli.Commands;

public class EvalCommandTests
{
    static int Eval(params string[] args) =>
        new RootCommand { EvalCommand.Build() }.Parse(["eval", .. args]).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

    static JsonElement Metrics(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    static List<JsonElement> Verdicts(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    static string Write(ModelTestFolder dir, string name, params object[] lines)
    {
        var path = dir.Sub(name);
        File.WriteAllLines(path, lines.Select(l => JsonSerializer.Serialize(l)));
        return path;
    }

    [Fact]
    public void MathCompletionsAreScoredWithTheMathChecker()
    {
        using var dir = new ModelTestFolder();
        var data = Write(dir, "math.jsonl",
            new { problem = "What is 2+2?", solution = "It is $\\boxed{4}$." },
            new { problem = "What is 1/2 + 1/2?", solution = "$\\boxed{1}$" },
            new { problem = "Simplify $\\frac{6}{4}$.", solution = "$\\boxed{\\frac32}$" });
        var completions = Write(dir, "completions.jsonl",
            new { id = "0", attempts = new[] { "So \\boxed{5}.", "Final Answer: The final answer is $4$. I hope it is correct." } },
            new { id = 1, attempts = new[] { "\\boxed{1}", "\\boxed{1.0}" } },
            new { id = "2", attempts = new[] { "\\boxed{3/2}", "no answer here" } });
        string json = dir.Sub("m.json"), verdicts = dir.Sub("v.jsonl");

        Assert.Equal(0, Eval("--task", "math", "--data", data, "--completions", completions, "--json", json, "--verdicts", verdicts));

        var m = Metrics(json);
        Assert.Equal(3, m.GetProperty("n").GetInt32());
        Assert.Equal([2 / 3.0, 2 / 3.0], m.GetProperty("accuracy").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(1 / 3.0, m.GetProperty("delta_i_to_c").GetDouble(), 9);
        Assert.Equal(1 / 3.0, m.GetProperty("delta_c_to_i").GetDouble(), 9);
        var v = Verdicts(verdicts);
        Assert.Equal(["0", "1", "2"], v.Select(x => x.GetProperty("id").GetString()));
        var first = v[0].GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(("5", 0.0), (first[0].GetProperty("extracted").GetString(), first[0].GetProperty("reward").GetDouble()));
        Assert.Equal(("4", 1.0), (first[1].GetProperty("extracted").GetString(), first[1].GetProperty("reward").GetDouble()));
    }

    [Fact]
    public void Gsm8kCompletionsAndTheFirstN()
    {
        using var dir = new ModelTestFolder();
        var data = Write(dir, "gsm8k.jsonl",
            new { id = "a", question = "Tom has 3 apples and buys 9 more. How many?", answer = "3 + 9 = 12\n#### 12" },
            new { id = "b", question = "Half of 1,000?", answer = "#### 500" },
            new { id = "c", question = "Unused", answer = "#### 1" });
        var completions = Write(dir, "c.jsonl",
            new { id = "a", attempts = new[] { "The answer is 11.", "The answer is 12." } },
            new { id = "b", attempts = new[] { "#### 500", "It is $1,000 / 2 = 500$. The answer is 500." } },
            new { id = "c", attempts = new[] { "1", "1" } });
        string json = dir.Sub("m.json");

        Assert.Equal(0, Eval("--task", "gsm8k", "--data", data, "--completions", completions, "--n", "2", "--json", json));

        var m = Metrics(json);
        Assert.Equal(2, m.GetProperty("n").GetInt32());
        Assert.Equal([0.5, 1.0], m.GetProperty("accuracy").EnumerateArray().Select(x => x.GetDouble()));
        Assert.Equal(0.5, m.GetProperty("delta").GetDouble());
    }

    [Fact]
    public void HumanEvalCompletionsRunInTheSandbox()
    {
        using var dir = new ModelTestFolder();
        var data = Write(dir, "he.jsonl", new
        {
            task_id = "HumanEval/0", prompt = "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n", entry_point = "add",
            canonical_solution = "    return a + b\n", test = "def check(candidate):\n    assert candidate(2, 3) == 5\n",
        });
        var completions = Write(dir, "c.jsonl",
            new { id = "HumanEval/0", attempts = new[] { "```python\ndef add(a, b):\n    return a - b\n```", "```python\ndef add(a, b):\n    return a + b\n```" } });
        string json = dir.Sub("m.json"), verdicts = dir.Sub("v.jsonl");

        Assert.Equal(0, Eval("--task", "humaneval", "--data", data, "--completions", completions, "--json", json, "--verdicts", verdicts));

        Assert.Equal([0.0, 1.0], Metrics(json).GetProperty("accuracy").EnumerateArray().Select(x => x.GetDouble()));
        var attempts = Verdicts(verdicts)[0].GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status").GetString()).ToList();
        Assert.Equal(["failed", "passed"], attempts);
    }

    [Fact]
    public void AHuggingFaceModelRunsEndToEndWithAndWithoutLora()
    {
        using var dir = new ModelTestFolder();
        TinyChatModel.Write(dir.Sub("model"));
        var data = Write(dir, "generic.jsonl",
            new { prompt = "the 2+2", answer = "4" }, new { prompt = "3*3", answer = "9" }, new { prompt = "unused", answer = "0" });
        string json = dir.Sub("m.json"), verdicts = dir.Sub("v.jsonl");

        Assert.Equal(0, Eval("--model-dir", dir.Sub("model"), "--task", "generic", "--data", data, "--n", "2",
            "--max-new-tokens", "5", "--json", json, "--verdicts", verdicts));

        Assert.Equal(2, Metrics(json).GetProperty("n").GetInt32());
        var v = Verdicts(verdicts);
        Assert.Equal(2, v.Count);
        Assert.All(v, line => Assert.Equal(2, line.GetProperty("attempts").GetArrayLength()));

        using (var model = HfCheckpoint.Load(dir.Sub("model")))
        {
            Lora.Apply(model, new LoraConfig { Rank = 2, Alpha = 4 });
            Lora.Save(dir.Sub("adapter"), model);
        }
        Assert.Equal(0, Eval("--model-dir", dir.Sub("model"), "--lora", dir.Sub("adapter"), "--task", "generic", "--data", data,
            "--n", "1", "--attempts", "3", "--temperature", "0.7", "--max-new-tokens", "3", "--json", json));
        Assert.Equal(3, Metrics(json).GetProperty("accuracy").GetArrayLength());
    }

    [Fact]
    public void TheBuiltInModeWritesVerdictsToo()
    {
        using var dir = new ModelTestFolder();
        var tokenizer = new CharTokenizer();
        using (var model = new CausalLM(BuiltInModel.Config(tokenizer.VocabSize, hidden: 32, layers: 1, heads: 2, kvHeads: 1)))
            Checkpoint.Save(dir.Sub("ckpt"), model, new CheckpointInfo { Alphabet = tokenizer.Alphabet });
        string json = dir.Sub("m.json"), verdicts = dir.Sub("v.jsonl");

        Assert.Equal(0, Eval("--checkpoint", dir.Sub("ckpt"), "--n", "3", "--max-new-tokens", "4", "--json", json, "--verdicts", verdicts));

        Assert.Equal(3, Metrics(json).GetProperty("n").GetInt32());
        Assert.Equal(3, Verdicts(verdicts).Count);
    }

    [Fact]
    public void BadInputIsOneUserErrorAndOverwritesNothing()
    {
        using var dir = new ModelTestFolder();
        var data = Write(dir, "math.jsonl", new { problem = "1+1", solution = "\\boxed{2}" });
        var completions = Write(dir, "c.jsonl", new { id = "0", attempts = new[] { "\\boxed{2}", "\\boxed{2}" } });
        var json = dir.Sub("keep.json");
        File.WriteAllText(json, "previous");
        void Fails(string fragment, params string[] args) =>
            Assert.Contains(fragment, Assert.Throws<UserError>(() => Eval([.. args, "--json", json, "--verdicts", json])).Message);

        Fails("give exactly one of", "--task", "math", "--data", data);
        Fails("give exactly one of", "--checkpoint", "x", "--completions", completions);
        Fails("unknown task 'algebra'", "--task", "algebra", "--data", data, "--completions", completions);
        Fails("--task is required", "--data", data, "--completions", completions);
        Fails("--data is required", "--task", "math", "--completions", completions);
        Fails("file not found", "--task", "math", "--data", dir.Sub("none.jsonl"), "--completions", completions);
        Fails("file not found", "--task", "math", "--data", data, "--completions", dir.Sub("none.jsonl"));
        Fails("id \"7\" is not among", "--task", "math", "--data", data, "--completions", Write(dir, "bad.jsonl", new { id = "7", attempts = new[] { "a", "b" } }));
        Fails("line 1", "--task", "gsm8k", "--data", data, "--completions", completions);
        Fails("--attempts must be at least 1", "--task", "math", "--data", data, "--completions", completions, "--attempts", "0");
        Fails("--n must be at least 1", "--task", "math", "--data", data, "--completions", completions, "--n", "0");
        Fails("--max-new-tokens must be at least 1", "--model-dir", dir.Path, "--task", "math", "--data", data, "--max-new-tokens", "0");
        Fails("--lora needs --model-dir", "--task", "math", "--data", data, "--completions", completions, "--lora", dir.Path);
        Fails("has neither model.safetensors", "--model-dir", WriteTokenizerOnly(dir), "--task", "math", "--data", data);
        Fails("unknown dtype", "--model-dir", dir.Path, "--task", "math", "--data", data, "--dtype", "int4");
        Assert.Equal("previous", File.ReadAllText(json));
    }

    static string WriteTokenizerOnly(ModelTestFolder dir)
    {
        TinyChatModel.Write(dir.Sub("noweights"));
        File.Delete(Path.Combine(dir.Sub("noweights"), "model.safetensors"));
        return dir.Sub("noweights");
    }
}
