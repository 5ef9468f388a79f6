using System.Text.Json;
using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

public class BpeModelTests
{
    static Dictionary<string, int> Vocab(params string[] tokens) =>
        tokens.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);

    [Fact]
    public void Merges_AreAppliedByRankNotByPosition()
    {
        var vocab = Vocab("a", "b", "c", "ab", "bc", "abc");
        // "b c" outranks "a b", so "abc" becomes a + bc, and then no merge joins them.
        var model = new BpeModel(vocab, [("b", "c"), ("a", "b")]);
        Assert.Equal([vocab["a"], vocab["bc"]], model.Tokenize("abc"));
        var other = new BpeModel(vocab, [("a", "b"), ("b", "c"), ("ab", "c")]);
        Assert.Equal([vocab["abc"]], other.Tokenize("abc"));
    }

    [Fact]
    public void EqualRanks_MergeLeftmostFirst()
    {
        var vocab = Vocab("a", "aa");
        var model = new BpeModel(vocab, [("a", "a")]);
        Assert.Equal([1, 1, 0], model.Tokenize("aaaaa"));
    }

    [Fact]
    public void IgnoreMerges_TakesWholeWordsFromTheVocabulary()
    {
        var vocab = Vocab("a", "b", "c", "ab", "abc");
        Assert.Equal([vocab["ab"], vocab["c"]], new BpeModel(vocab, [("a", "b")]).Tokenize("abc"));
        Assert.Equal([vocab["abc"]], new BpeModel(vocab, [("a", "b")], ignoreMerges: true).Tokenize("abc"));
    }

    [Fact]
    public void UnknownCharacters_AreDroppedWithoutAnUnkToken()
    {
        var vocab = Vocab("a", "<unk>");
        Assert.Equal([0, 0], new BpeModel(vocab, []).Tokenize("axa"));
        Assert.Equal([0, 1, 0], new BpeModel(vocab, [], unkToken: "<unk>").Tokenize("axa"));
    }

    [Fact]
    public void MergesMayBeStringsOrPairs()
    {
        string Json(string merges) => $$$"""
            {"model": {"type": "BPE", "vocab": {"h": 0, "e": 1, "l": 2, "o": 3, "he": 4, "ll": 5, "hell": 6, "hello": 7},
             "merges": {{{merges}}}},
             "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
             "decoder": {"type": "ByteLevel"}}
            """;
        foreach (var merges in new[] { """["h e", "l l", "he ll", "hell o"]""", """[["h","e"],["l","l"],["he","ll"],["hell","o"]]""" })
        {
            using var doc = JsonDocument.Parse(Json(merges));
            var tokenizer = new HfTokenizer(TokenizerJson.Parse(doc.RootElement), new TokenizerConfig());
            Assert.Equal([7, 6], tokenizer.Encode("hellohell"));
            Assert.Equal("hellohell", tokenizer.Decode([7, 6]));
        }
    }

    [Fact]
    public void ByteLevel_MapsEveryByteToOneVisibleCharacterAndBack()
    {
        Assert.Equal("ĠHello", ByteLevel.Encode(" Hello"));
        Assert.Equal("Ċ", ByteLevel.Encode("\n"));
        var bytes = new List<byte>();
        ByteLevel.AppendBytes(ByteLevel.Encode("é中😀"), bytes);
        Assert.Equal("é中😀", System.Text.Encoding.UTF8.GetString(bytes.ToArray()));
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        Assert.Equal(256, all.Select(b => ByteLevel.Encode(((char)b).ToString())).Distinct().Count());
    }
}
