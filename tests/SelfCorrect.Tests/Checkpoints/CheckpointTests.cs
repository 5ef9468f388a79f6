using SelfCorrect.Checkpoints;
using SelfCorrect.Model;
using SelfCorrect.Text;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Checkpoints;

public class CheckpointTests
{
    static string TempDir() => Path.Combine(Path.GetTempPath(), "sc-ckpt-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void SaveThenLoadRoundTripsExactly()
    {
        var dir = TempDir();
        try
        {
            random.manual_seed(9);
            var tok = new CharTokenizer();
            using var model = new CausalLM(BuiltInModel.Config(tok.VocabSize, hidden: 32, layers: 2));
            var corpus = new SelfCorrect.Tasks.Arithmetic.CorpusMix { UnfinishedShare = 0.4, StopUnfinishedWithoutAnswer = true };
            var task = new SelfCorrect.Tasks.Arithmetic.ArithmeticConfig { DistinctTerms = true };
            Checkpoint.Save(dir, model, new CheckpointInfo { Alphabet = tok.Alphabet, MadeBy = "test", Arithmetic = task, Corpus = corpus, PretrainLearningRate = 1.5e-3 });
            var (loaded, tokenizer, info) = Checkpoint.Load(dir);
            using var _ = loaded;
            Assert.Equal(tok.Alphabet, tokenizer.Alphabet);
            Assert.Equal("test", info.MadeBy);
            Assert.Equal(task, info.Arithmetic);
            Assert.Equal(corpus, info.Corpus);
            Assert.Equal(1.5e-3, info.PretrainLearningRate);
            var a = model.state_dict();
            var b = loaded.state_dict();
            Assert.Equal(a.Keys.OrderBy(k => k), b.Keys.OrderBy(k => k));
            foreach (var (k, v) in a) Assert.True(v.equal(b[k]).all().item<bool>(), $"tensor {k} differs");
            Assert.Contains("model.layers.0.self_attn.q_proj.weight", a.Keys);
            Assert.Contains("model.layers.1.mlp.down_proj.weight", a.Keys);
            Assert.Contains("model.norm.weight", a.Keys);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void MissingOrCorruptCheckpointsAreUserErrors()
    {
        var dir = TempDir();
        Assert.Throws<UserError>(() => Checkpoint.Load(dir));
        try
        {
            var tok = new CharTokenizer();
            using var model = new CausalLM(BuiltInModel.Config(tok.VocabSize, hidden: 32, layers: 1));
            Checkpoint.Save(dir, model, new CheckpointInfo { Alphabet = tok.Alphabet });
            var weights = Path.Combine(dir, Checkpoint.WeightsFile);
            var bytes = File.ReadAllBytes(weights);
            File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<UserError>(() => Checkpoint.Load(dir));
            Assert.Contains("corrupt", e.Message);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
