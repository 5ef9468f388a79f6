namespace SelfCorrect.Tests.Model;

/// <summary>
/// The Qwen2/Llama decoder written out in double-precision loops straight from the raw weights, as the
/// Hugging Face modelling code describes it: no KV cache, no SDPA, nothing shared with src/Model.
/// </summary>
static class ReferenceForward
{
    /// <summary>Logits [T][vocab] for one sequence.</summary>
    public static double[][] Logits(TinyWeights w, int[] ids)
    {
        var s = w.Spec;
        int t = ids.Length;
        double[] W(string name) => w.Tensors[name].Data.Select(x => (double)x).ToArray();
        var embed = W("model.embed_tokens.weight");
        var x = new double[t][];
        for (int i = 0; i < t; i++) x[i] = embed.Skip(ids[i] * s.Hidden).Take(s.Hidden).ToArray();
        var invFreq = InverseFrequencies(s);

        for (int l = 0; l < s.Layers; l++)
        {
            string p = $"model.layers.{l}.";
            var h = x.Select(v => RmsNorm(v, W(p + "input_layernorm.weight"), s.Eps)).ToArray();
            var q = h.Select(v => Linear(v, W(p + "self_attn.q_proj.weight"), s.QkvBias ? W(p + "self_attn.q_proj.bias") : null)).ToArray();
            var k = h.Select(v => Linear(v, W(p + "self_attn.k_proj.weight"), s.QkvBias ? W(p + "self_attn.k_proj.bias") : null)).ToArray();
            var v_ = h.Select(v => Linear(v, W(p + "self_attn.v_proj.weight"), s.QkvBias ? W(p + "self_attn.v_proj.bias") : null)).ToArray();
            for (int i = 0; i < t; i++)
            {
                for (int head = 0; head < s.Heads; head++) Rotate(q[i], head * s.HeadDim, s.HeadDim, i, invFreq);
                for (int head = 0; head < s.KvHeads; head++) Rotate(k[i], head * s.HeadDim, s.HeadDim, i, invFreq);
            }
            var attn = new double[t][];
            int group = s.Heads / s.KvHeads;
            for (int i = 0; i < t; i++)
            {
                attn[i] = new double[s.Heads * s.HeadDim];
                for (int head = 0; head < s.Heads; head++)
                {
                    int kv = head / group;
                    var scores = new double[i + 1];
                    for (int j = 0; j <= i; j++)
                    {
                        double dot = 0;
                        for (int d = 0; d < s.HeadDim; d++) dot += q[i][head * s.HeadDim + d] * k[j][kv * s.HeadDim + d];
                        scores[j] = dot / Math.Sqrt(s.HeadDim);
                    }
                    double max = scores.Max(), sum = scores.Sum(z => Math.Exp(z - max));
                    for (int j = 0; j <= i; j++)
                    {
                        double a = Math.Exp(scores[j] - max) / sum;
                        for (int d = 0; d < s.HeadDim; d++) attn[i][head * s.HeadDim + d] += a * v_[j][kv * s.HeadDim + d];
                    }
                }
            }
            for (int i = 0; i < t; i++)
            {
                var o = Linear(attn[i], W(p + "self_attn.o_proj.weight"), null);
                for (int d = 0; d < s.Hidden; d++) x[i][d] += o[d];
                var n = RmsNorm(x[i], W(p + "post_attention_layernorm.weight"), s.Eps);
                var gate = Linear(n, W(p + "mlp.gate_proj.weight"), null);
                var up = Linear(n, W(p + "mlp.up_proj.weight"), null);
                var act = gate.Select((g, j) => g / (1 + Math.Exp(-g)) * up[j]).ToArray();
                var down = Linear(act, W(p + "mlp.down_proj.weight"), null);
                for (int d = 0; d < s.Hidden; d++) x[i][d] += down[d];
            }
        }
        var head_ = W(s.Tied ? "model.embed_tokens.weight" : "lm_head.weight");
        return x.Select(v => Linear(RmsNorm(v, W("model.norm.weight"), s.Eps), head_, null)).ToArray();
    }

    /// <summary>1/theta^(2i/D), with Llama 3.1's scaling: long wavelengths divided by the factor, short ones kept, a blend between.</summary>
    static double[] InverseFrequencies(TinySpec s)
    {
        var inv = new double[s.HeadDim / 2];
        for (int i = 0; i < inv.Length; i++) inv[i] = 1.0 / Math.Pow(s.Theta, 2.0 * i / s.HeadDim);
        if (s.Llama3Rope is not { } r) return inv;
        double lowWavelength = r.Original / r.Low, highWavelength = r.Original / r.High;
        for (int i = 0; i < inv.Length; i++)
        {
            double wavelength = 2 * Math.PI / inv[i];
            if (wavelength > lowWavelength) inv[i] /= r.Factor;
            else if (wavelength >= highWavelength)
            {
                double smooth = (r.Original / wavelength - r.Low) / (r.High - r.Low);
                inv[i] = (1 - smooth) * inv[i] / r.Factor + smooth * inv[i];
            }
        }
        return inv;
    }

    /// <summary>Rotate-half rotary embedding of one head in place: pairs (d, d + D/2) turn by position·freq[d].</summary>
    static void Rotate(double[] v, int start, int dim, int position, double[] invFreq)
    {
        int half = dim / 2;
        for (int d = 0; d < half; d++)
        {
            double angle = position * invFreq[d], c = Math.Cos(angle), sn = Math.Sin(angle);
            double a = v[start + d], b = v[start + d + half];
            v[start + d] = a * c - b * sn;
            v[start + d + half] = b * c + a * sn;
        }
    }

    static double[] RmsNorm(double[] v, double[] weight, double eps)
    {
        double rms = Math.Sqrt(v.Sum(z => z * z) / v.Length + eps);
        return v.Select((z, i) => z / rms * weight[i]).ToArray();
    }

    /// <summary>y = W x + b with W stored row-major [out, in].</summary>
    static double[] Linear(double[] v, double[] weight, double[]? bias)
    {
        int outDim = weight.Length / v.Length;
        var y = new double[outDim];
        for (int o = 0; o < outDim; o++)
        {
            double sum = bias?[o] ?? 0;
            for (int i = 0; i < v.Length; i++) sum += weight[o * v.Length + i] * v[i];
            y[o] = sum;
        }
        return y;
    }
}
