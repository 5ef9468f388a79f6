using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>Rotary position embedding (rotate-half form, as in Hugging Face Llama/Qwen2), with llama3 scaling.</summary>
public sealed class Rotary : IDisposable
{
    readonly Tensor _invFreq; // [headDim/2], float32

    public Rotary(ModelConfig c)
    {
        int dim = c.HeadDim;
        var inv = new float[dim / 2];
        for (int i = 0; i < inv.Length; i++) inv[i] = (float)(1.0 / Math.Pow(c.RopeTheta, 2.0 * i / dim));
        if (c.RopeScaling is { Kind: "llama3" } s) inv = Llama3Scale(inv, s);
        _invFreq = tensor(inv);
    }

    /// <summary>Llama 3.1 frequency scaling: long wavelengths divided by factor, short kept, smooth in between.</summary>
    static float[] Llama3Scale(float[] inv, RopeScaling s)
    {
        double lowWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        double highWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        return inv.Select(f =>
        {
            double wavelen = 2 * Math.PI / f;
            if (wavelen < highWavelen) return f;
            if (wavelen > lowWavelen) return (float)(f / s.Factor);
            double smooth = (s.OriginalMaxPositionEmbeddings / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
            return (float)((1 - smooth) * f / s.Factor + smooth * f);
        }).ToArray();
    }

    /// <summary>cos and sin for positions [B, T]: each [B, 1, T, headDim] in <paramref name="dtype"/>.</summary>
    public (Tensor Cos, Tensor Sin) For(Tensor positions, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var freqs = positions.to(float32).unsqueeze(-1) * _invFreq.to(positions.device); // [B, T, D/2]
        var emb = cat([freqs, freqs], -1).unsqueeze(1);                                  // [B, 1, T, D]
        var cos = emb.cos().to(dtype).MoveToOuterDisposeScope();
        var sin = emb.sin().to(dtype).MoveToOuterDisposeScope();
        return (cos, sin);
    }

    /// <summary>x * cos + rotate_half(x) * sin, for x of shape [B, H, T, D].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([-x2, x1], -1);
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }

    public void Dispose() => _invFreq.Dispose();
}
