using static TorchSharp.torch;

namespace SelfCorrect.Generation;

/// <summary>Attention masks for left-padded batches (true = may attend).</summary>
public static class Masks
{
    /// <summary>
    /// [B, 1, T, T]: query i sees real keys j &lt;= i, and always itself (so that a padding row is not
    /// fully masked, which would give NaN; its output is never used).
    /// </summary>
    public static Tensor Causal(Tensor keyValid, long t)
    {
        using var scope = NewDisposeScope();
        var causal = ones([t, t], @bool, keyValid.device).tril();
        var self = eye(t, dtype: @bool, device: keyValid.device);
        var m = (causal.unsqueeze(0) & keyValid.unsqueeze(1)) | self.unsqueeze(0);
        return m.unsqueeze(1).MoveToOuterDisposeScope();
    }
}
