using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>The "model." part of a Hugging Face causal LM: embeddings, layers and the final norm.</summary>
public sealed class DecoderStack : nn.Module
{
    internal readonly Embedding embed_tokens;
    readonly ModuleList<DecoderLayer> layers;
    readonly RmsNorm norm;
    readonly Rotary _rotary;

    public DecoderStack(ModelConfig c, ScalarType dtype = ScalarType.Float32) : base(nameof(DecoderStack))
    {
        embed_tokens = nn.Embedding(c.VocabSize, c.HiddenSize, dtype: dtype);
        layers = new ModuleList<DecoderLayer>();
        for (int i = 0; i < c.NumHiddenLayers; i++) layers.Add(new DecoderLayer(c, i, dtype));
        norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        _rotary = new Rotary(c);
        RegisterComponents();
    }

    /// <summary>Hidden states [B, T, hidden] after the final norm.</summary>
    public Tensor Forward(Tensor ids, Tensor positions, Tensor? mask, KvCache? cache)
    {
        using var scope = NewDisposeScope();
        var x = embed_tokens.forward(ids);
        var (cos, sin) = _rotary.For(positions, x.dtype);
        foreach (var layer in layers) x = layer.Forward(x, cos, sin, mask, cache);
        cache?.Advance((int)ids.shape[1]);
        return norm.forward(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rotary.Dispose();
        base.Dispose(disposing);
    }
}
