using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>Pre-norm transformer block: x + attn(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class DecoderLayer : nn.Module
{
    readonly RmsNorm input_layernorm, post_attention_layernorm;
    readonly Attention self_attn;
    readonly Mlp mlp;

    public DecoderLayer(ModelConfig c, int layer, ScalarType dtype = ScalarType.Float32) : base(nameof(DecoderLayer))
    {
        input_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        self_attn = new Attention(c, layer, dtype);
        post_attention_layernorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        mlp = new Mlp(c, dtype);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, Tensor? mask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var h = x + self_attn.Forward(input_layernorm.forward(x), cos, sin, mask, cache);
        return (h + mlp.forward(post_attention_layernorm.forward(h))).MoveToOuterDisposeScope();
    }
}
