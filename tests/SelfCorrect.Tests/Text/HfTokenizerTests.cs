using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

public class HfTokenizerTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    public void Encode_MatchesTheJavaScriptReferenceOnTheCorpus(string model)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        var texts = TokenizerCorpus.Texts;
        var expected = ReferenceFixtures.ReferenceIds(model, texts);

        var mismatches = new List<string>();
        for (int i = 0; i < texts.Count; i++)
        {
            var actual = tokenizer.Encode(texts[i]);
            if (!actual.SequenceEqual(expected[i]))
                mismatches.Add($"#{i} {Show(texts[i])}: expected [{string.Join(",", expected[i].Take(40))}] got [{string.Join(",", actual.Take(40))}]");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {texts.Count} texts differ:\n" + string.Join("\n", mismatches));
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    public void Decode_InvertsEncode(string model)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        foreach (var text in TokenizerCorpus.Texts)
        {
            // The corpus has decomposed accents, which Qwen's NFC normalizer composes.
            string expected = model == "qwen3" ? text.Normalize(System.Text.NormalizationForm.FormC) : text;
            Assert.Equal(expected, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Qwen3_SpecialTokensComeFromTheConfigFiles()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        Assert.Null(tokenizer.BosId);
        Assert.Equal([tokenizer.TokenToId("<|im_end|>")!.Value], tokenizer.EosIds);
        Assert.Equal(tokenizer.TokenToId("<|endoftext|>"), tokenizer.PadId);
        Assert.Equal(151644, tokenizer.TokenToId("<|im_start|>"));
        Assert.Equal(151669, tokenizer.VocabSize);
        Assert.Equal([151644, 872, 198], tokenizer.Encode("<|im_start|>user\n"));
        Assert.Contains("<|im_start|>", tokenizer.Config.ChatTemplate);
    }

    [Fact]
    public void Llama3_SpecialTokensComeFromTheConfigFiles()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("llama3");
        Assert.Equal(128000, tokenizer.BosId);
        Assert.Equal([128001], tokenizer.EosIds);
        Assert.Equal(128001, tokenizer.PadId); // no pad_token: the first end-of-sequence token pads
        Assert.Equal(128256, tokenizer.VocabSize);
    }

    [Fact]
    public void GenerationConfig_EosIdsAreMergedIn()
    {
        string dir = Directory.CreateTempSubdirectory("selfcorrect-gen-").FullName;
        try
        {
            foreach (var file in new[] { "tokenizer.json", "tokenizer_config.json" })
                File.CreateSymbolicLink(Path.Combine(dir, file), Path.Combine(ReferenceFixtures.ModelDir("llama3"), file));
            File.WriteAllText(Path.Combine(dir, "generation_config.json"), """{"bos_token_id": 128000, "eos_token_id": [128001, 128008, 128009]}""");
            Assert.Equal([128001, 128008, 128009], HfTokenizer.FromDirectory(dir).EosIds);

            File.WriteAllText(Path.Combine(dir, "generation_config.json"), """{"eos_token_id": 128009}""");
            Assert.Equal([128001, 128009], HfTokenizer.FromDirectory(dir).EosIds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Decode_CanSkipSpecialTokens()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        var ids = tokenizer.Encode("<|im_start|>assistant\nThe answer is 4.<|im_end|>\n<think>x</think>");
        Assert.Equal("assistant\nThe answer is 4.\n<think>x</think>", tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Decode_InvalidUtf8BecomesReplacementCharacter()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        // 'Ã' is the byte-level character of 0xC3, a UTF-8 lead byte with nothing after it.
        int leadByte = tokenizer.TokenToId("Ã")!.Value;
        Assert.Equal("\uFFFD", tokenizer.Decode([leadByte]));
        Assert.Equal("é", tokenizer.Decode([leadByte, tokenizer.TokenToId("©")!.Value]));
    }

    [Fact]
    public void FromDirectory_MissingDirectoryIsAUserError()
    {
        var e = Assert.Throws<UserError>(() => HfTokenizer.FromDirectory("/nonexistent/model"));
        Assert.Contains("/nonexistent/model", e.Message);
    }

    [Fact]
    public void FromDirectory_CorruptTokenizerJsonIsAUserError()
    {
        string dir = Directory.CreateTempSubdirectory("selfcorrect-bad-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{\"model\": {\"type\": \"BPE\", \"vocab\": ");
            var e = Assert.Throws<UserError>(() => HfTokenizer.FromDirectory(dir));
            Assert.Contains("not valid JSON", e.Message);

            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{\"model\": {\"type\": \"Unigram\"}}");
            Assert.Contains("Unigram", Assert.Throws<UserError>(() => HfTokenizer.FromDirectory(dir)).Message);

            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), "{\"model\": {\"type\": \"BPE\"}}");
            Assert.Contains("tokenizer.json", Assert.Throws<UserError>(() => HfTokenizer.FromDirectory(dir)).Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    static string Show(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 60 ? text[..60] + "…" : text);
}
