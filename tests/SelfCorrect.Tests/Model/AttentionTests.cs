using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Model;

public class AttentionTests
{
    /// <summary>
    /// Unpadded float32 batches on CPU take the written-out grouped path; an explicit causal mask sends the same
    /// input through the fused kernel with k/v repeated per head. Outputs and gradients must agree.
    /// </summary>
    [Theory]
    [InlineData(4, 2)]
    [InlineData(4, 4)]
    [InlineData(6, 1)]
    public void GroupedCausalPathEqualsTheFusedKernel(int heads, int kvHeads)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var cfg = BuiltInModel.Config(vocabSize: 20, hidden: 48, layers: 1, heads: heads, kvHeads: kvHeads);
        using var attn = new Attention(cfg, 0);
        foreach (var p in attn.parameters()) using (no_grad()) p.normal_(0, 0.2);
        using var rotary = new Rotary(cfg);
        long b = 3, t = 17;
        var (cos, sin) = rotary.For(arange(t).unsqueeze(0).expand(b, t), float32);
        var x1 = randn(b, t, cfg.HiddenSize).requires_grad_(true);
        var x2 = x1.detach().clone().requires_grad_(true);
        var causal = ones([b, 1, t, t], ScalarType.Bool).tril();

        var grouped = attn.Forward(x1, cos, sin, mask: null, cache: null);
        var fused = attn.Forward(x2, cos, sin, causal, cache: null);
        var weights = randn(b, t, cfg.HiddenSize);
        (grouped * weights).sum().backward();
        (fused * weights).sum().backward();

        Assert.True(grouped.allclose(fused, rtol: 0, atol: 1e-5), $"max diff {(grouped - fused).abs().max().item<float>()}");
        Assert.True(x1.grad!.allclose(x2.grad!, rtol: 0, atol: 1e-5), $"max grad diff {(x1.grad! - x2.grad!).abs().max().item<float>()}");
    }
}
