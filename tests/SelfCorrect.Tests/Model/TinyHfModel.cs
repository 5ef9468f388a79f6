using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace SelfCorrect.Tests.Model;

/// <summary>The shape of a tiny test network, written out independently of src/Model.</summary>
sealed record TinySpec(
    string Architecture, int Vocab, int Hidden, int Intermediate, int Layers, int Heads, int KvHeads, int HeadDim,
    bool HeadDimInConfig, bool Tied, bool QkvBias, double Theta, double Eps,
    (double Factor, double Low, double High, int Original)? Llama3Rope, string EosJson)
{
    public static TinySpec Qwen2 { get; } = new("Qwen2ForCausalLM", 64, 32, 48, 2, 4, 2, 8, false, true, true, 10000, 1e-6, null, "0");

    public static TinySpec Llama { get; } = new("LlamaForCausalLM", 64, 32, 40, 2, 4, 1, 16, true, false, false, 10000, 1e-5, (8, 1, 4, 16), "[1, 2]");

    public string ConfigJson()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("{\n");
        sb.Append($"  \"architectures\": [\"{Architecture}\"],\n");
        sb.Append($"  \"model_type\": \"{(Architecture == "LlamaForCausalLM" ? "llama" : "qwen2")}\",\n");
        sb.Append($"  \"vocab_size\": {Vocab}, \"hidden_size\": {Hidden}, \"intermediate_size\": {Intermediate},\n");
        sb.Append($"  \"num_hidden_layers\": {Layers}, \"num_attention_heads\": {Heads}, \"num_key_value_heads\": {KvHeads},\n");
        if (HeadDimInConfig) sb.Append($"  \"head_dim\": {HeadDim},\n");
        sb.Append($"  \"rope_theta\": {Theta.ToString(inv)}, \"rms_norm_eps\": {Eps.ToString("R", inv)}, \"max_position_embeddings\": 64,\n");
        if (Llama3Rope is { } r)
            sb.Append($"  \"rope_scaling\": {{\"rope_type\": \"llama3\", \"factor\": {r.Factor.ToString(inv)}, \"low_freq_factor\": {r.Low.ToString(inv)}, \"high_freq_factor\": {r.High.ToString(inv)}, \"original_max_position_embeddings\": {r.Original}}},\n");
        if (Architecture == "LlamaForCausalLM") sb.Append("  \"attention_bias\": false, \"mlp_bias\": false,\n");
        sb.Append($"  \"hidden_act\": \"silu\", \"bos_token_id\": 1, \"eos_token_id\": {EosJson},\n");
        sb.Append($"  \"tie_word_embeddings\": {(Tied ? "true" : "false")}, \"torch_dtype\": \"float32\"\n}}\n");
        return sb.ToString();
    }

    /// <summary>Every tensor of the checkpoint with its shape, in HF naming.</summary>
    public IEnumerable<(string Name, int[] Shape)> Tensors()
    {
        yield return ("model.embed_tokens.weight", [Vocab, Hidden]);
        for (int l = 0; l < Layers; l++)
        {
            string p = $"model.layers.{l}.";
            yield return (p + "input_layernorm.weight", [Hidden]);
            yield return (p + "self_attn.q_proj.weight", [Heads * HeadDim, Hidden]);
            yield return (p + "self_attn.k_proj.weight", [KvHeads * HeadDim, Hidden]);
            yield return (p + "self_attn.v_proj.weight", [KvHeads * HeadDim, Hidden]);
            if (QkvBias)
            {
                yield return (p + "self_attn.q_proj.bias", [Heads * HeadDim]);
                yield return (p + "self_attn.k_proj.bias", [KvHeads * HeadDim]);
                yield return (p + "self_attn.v_proj.bias", [KvHeads * HeadDim]);
            }
            yield return (p + "self_attn.o_proj.weight", [Hidden, Heads * HeadDim]);
            yield return (p + "post_attention_layernorm.weight", [Hidden]);
            yield return (p + "mlp.gate_proj.weight", [Intermediate, Hidden]);
            yield return (p + "mlp.up_proj.weight", [Intermediate, Hidden]);
            yield return (p + "mlp.down_proj.weight", [Hidden, Intermediate]);
        }
        yield return ("model.norm.weight", [Hidden]);
        if (!Tied) yield return ("lm_head.weight", [Vocab, Hidden]);
    }
}

/// <summary>Random weights for a <see cref="TinySpec"/>, rounded so that they are exact in the stored dtype.</summary>
sealed class TinyWeights
{
    public TinySpec Spec { get; }
    public Dictionary<string, (int[] Shape, float[] Data)> Tensors { get; } = new();

    public TinyWeights(TinySpec spec, int seed, string dtype = "F32")
    {
        Spec = spec;
        var rng = new Random(seed);
        foreach (var (name, shape) in spec.Tensors())
        {
            int n = shape.Aggregate(1, (a, b) => a * b);
            var data = new float[n];
            bool norm = name.EndsWith("norm.weight", StringComparison.Ordinal);
            for (int i = 0; i < n; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                data[i] = Exact(norm ? (float)(1 + 0.1 * g) : (float)(0.15 * g), dtype);
            }
            Tensors[name] = (shape, data);
        }
    }

    /// <summary>The value the stored dtype keeps (bf16: top 16 bits; f16: System.Half).</summary>
    public static float Exact(float x, string dtype) => dtype switch
    {
        "BF16" => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & unchecked((int)0xFFFF0000)),
        "F16" => (float)(Half)x,
        _ => x,
    };

    public static byte[] Encode(float[] data, string dtype)
    {
        int size = dtype == "F32" ? 4 : 2;
        var bytes = new byte[data.Length * size];
        for (int i = 0; i < data.Length; i++)
        {
            var span = bytes.AsSpan(i * size, size);
            switch (dtype)
            {
                case "F32": BinaryPrimitives.WriteSingleLittleEndian(span, data[i]); break;
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(BitConverter.SingleToUInt32Bits(data[i]) >> 16)); break;
                case "F16": BinaryPrimitives.WriteHalfLittleEndian(span, (Half)data[i]); break;
                default: throw new ArgumentException(dtype);
            }
        }
        return bytes;
    }

    /// <summary>Writes config.json and the weights (one file, or one shard per group of names with an index).</summary>
    public void WriteFolder(string dir, string dtype = "F32", int shards = 1, Func<string, bool>? include = null)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "config.json"), Spec.ConfigJson());
        var entries = Tensors.Where(t => include?.Invoke(t.Key) ?? true)
            .Select(t => (t.Key, dtype, t.Value.Shape, Encode(t.Value.Data, dtype))).ToList();
        if (shards == 1) { SafetensorsBytes.Write(Path.Combine(dir, "model.safetensors"), entries); return; }
        var map = new List<string>();
        for (int s = 0; s < shards; s++)
        {
            string file = $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var part = entries.Where((_, i) => i % shards == s).ToList();
            SafetensorsBytes.Write(Path.Combine(dir, file), part);
            map.AddRange(part.Select(p => $"\"{p.Key}\": \"{file}\""));
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            $"{{\"metadata\": {{\"total_size\": 0}}, \"weight_map\": {{{string.Join(", ", map)}}}}}");
    }
}

/// <summary>A safetensors writer built byte by byte from the format description (8-byte little-endian header
/// length, JSON header, data), sharing nothing with SelfCorrect.Model.SafeTensors.</summary>
static class SafetensorsBytes
{
    public static void Write(string path, IEnumerable<(string Name, string DType, int[] Shape, byte[] Data)> tensors, string? rawHeader = null)
    {
        var list = tensors.ToList();
        var header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        long offset = 0;
        foreach (var (name, dtype, shape, data) in list)
        {
            header.Append($",\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + data.Length}]}}");
            offset += data.Length;
        }
        header.Append('}');
        var json = Encoding.UTF8.GetBytes(rawHeader ?? header.ToString());
        using var fs = File.Create(path);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        fs.Write(length);
        fs.Write(json);
        foreach (var t in list) fs.Write(t.Data);
    }
}
