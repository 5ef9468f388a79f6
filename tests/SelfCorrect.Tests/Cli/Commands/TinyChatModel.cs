using System.Text.Json;
using SelfCorrect.Tests.Model;

namespace SelfCorrect.Tests.Cli.Commands;

/// <summary>A complete tiny Hugging Face model folder: random Qwen2 weights, a byte-level BPE tokenizer.json
/// with the 256 byte tokens, two merges and three special tokens, and a ChatML-like chat template.</summary>
static class TinyChatModel
{
    public const int VocabSize = 261;

    /// <summary>GPT-2's byte-to-character map, written out here from its definition.</summary>
    static string ByteChar(int b)
    {
        bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
        if (printable) return ((char)b).ToString();
        int shift = Enumerable.Range(0, b).Count(x => !(x is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF));
        return ((char)(256 + shift)).ToString();
    }

    public static void Write(string dir, int seed = 17)
    {
        new TinyWeights(TinySpec.Qwen2 with { Vocab = VocabSize }, seed).WriteFolder(dir);
        var vocab = Enumerable.Range(0, 256).ToDictionary(ByteChar, b => b);
        vocab["Ġt"] = 256;
        vocab["he"] = 257;
        var added = new[] { "<|im_start|>", "<|im_end|>", "<|endoftext|>" }.Select((content, i) => new Dictionary<string, object>
        {
            ["id"] = 258 + i, ["content"] = content, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false, ["normalized"] = false, ["special"] = true,
        });
        var tokenizer = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = added,
            ["normalizer"] = null,
            ["pre_tokenizer"] = new Dictionary<string, object> { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
            ["decoder"] = new Dictionary<string, object> { ["type"] = "ByteLevel" },
            ["model"] = new Dictionary<string, object> { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new[] { "Ġ t", "h e" } },
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), JsonSerializer.Serialize(tokenizer));
        var config = new Dictionary<string, object>
        {
            ["eos_token"] = "<|im_end|>",
            ["pad_token"] = "<|endoftext|>",
            ["chat_template"] = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}",
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), JsonSerializer.Serialize(config));
    }
}
