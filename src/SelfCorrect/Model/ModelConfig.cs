using System.Text.Json;
using System.Text.Json.Serialization;

namespace SelfCorrect.Model;

/// <summary>Rotary scaling as in Hugging Face config.json ("rope_scaling"); type "llama3" is supported.</summary>
public sealed record RopeScaling
{
    [JsonPropertyName("rope_type")] public string? RopeType { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("factor")] public double Factor { get; init; } = 1.0;
    [JsonPropertyName("low_freq_factor")] public double LowFreqFactor { get; init; } = 1.0;
    [JsonPropertyName("high_freq_factor")] public double HighFreqFactor { get; init; } = 4.0;
    [JsonPropertyName("original_max_position_embeddings")] public int OriginalMaxPositionEmbeddings { get; init; } = 8192;
    [JsonIgnore] public string Kind => RopeType ?? Type ?? "default";
}

/// <summary>
/// Decoder configuration with Hugging Face config.json field names (Qwen2ForCausalLM, LlamaForCausalLM),
/// so a real checkpoint's config.json deserialises into it unchanged.
/// </summary>
public sealed record ModelConfig
{
    [JsonPropertyName("architectures")] public string[] Architectures { get; init; } = ["Qwen2ForCausalLM"];
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "qwen2";
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; }
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; }
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; }
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; }
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; }
    [JsonPropertyName("num_key_value_heads")] public int? NumKeyValueHeads { get; init; }
    [JsonPropertyName("head_dim")] public int? HeadDimOverride { get; init; }
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 2048;
    [JsonPropertyName("rms_norm_eps")] public double RmsNormEps { get; init; } = 1e-6;
    [JsonPropertyName("rope_theta")] public double RopeTheta { get; init; } = 10000.0;
    [JsonPropertyName("rope_scaling")] public RopeScaling? RopeScaling { get; init; }
    [JsonPropertyName("tie_word_embeddings")] public bool TieWordEmbeddings { get; init; }
    /// <summary>Qwen2 has q/k/v biases; Llama has none (its "attention_bias" is false).</summary>
    [JsonPropertyName("attention_bias")] public bool? AttentionBiasFlag { get; init; }
    [JsonPropertyName("mlp_bias")] public bool MlpBias { get; init; }
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "silu";
    [JsonPropertyName("bos_token_id")] public int? BosTokenId { get; init; }
    [JsonPropertyName("eos_token_id")] public JsonElement? EosTokenIdRaw { get; init; }
    [JsonPropertyName("torch_dtype")] public string? TorchDtype { get; init; }

    [JsonIgnore] public int KeyValueHeads => NumKeyValueHeads ?? NumAttentionHeads;
    [JsonIgnore] public int HeadDim => HeadDimOverride ?? HiddenSize / NumAttentionHeads;
    [JsonIgnore] public string Architecture => Architectures.Length > 0 ? Architectures[0] : "Qwen2ForCausalLM";
    [JsonIgnore] public bool QkvBias => AttentionBiasFlag ?? Architecture == "Qwen2ForCausalLM";
    [JsonIgnore] public bool OutputBias => Architecture == "LlamaForCausalLM" && (AttentionBiasFlag ?? false);

    /// <summary>eos_token_id may be an int or a list of ints.</summary>
    [JsonIgnore]
    public IReadOnlyList<int> EosTokenIds => EosTokenIdRaw switch
    {
        { ValueKind: JsonValueKind.Number } e => [e.GetInt32()],
        { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => x.GetInt32()).ToArray(),
        _ => [],
    };

    public static readonly string[] SupportedArchitectures = ["Qwen2ForCausalLM", "LlamaForCausalLM"];

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static ModelConfig FromJson(string json)
    {
        ModelConfig? c;
        try { c = JsonSerializer.Deserialize<ModelConfig>(json, Json); }
        catch (JsonException e) { throw new UserError($"config.json is not valid: {e.Message}"); }
        if (c is null) throw new UserError("config.json is empty");
        c.Validate();
        return c;
    }

    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"missing {path}");
        return FromJson(File.ReadAllText(path));
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Validate()
    {
        if (!SupportedArchitectures.Contains(Architecture))
            throw new UserError($"unsupported architecture '{Architecture}' (supported: {string.Join(", ", SupportedArchitectures)})");
        if (VocabSize <= 0 || HiddenSize <= 0 || IntermediateSize <= 0 || NumHiddenLayers <= 0 || NumAttentionHeads <= 0)
            throw new UserError("config.json: vocab_size, hidden_size, intermediate_size, num_hidden_layers and num_attention_heads must be positive");
        if (NumAttentionHeads % KeyValueHeads != 0)
            throw new UserError($"config.json: num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({KeyValueHeads})");
        if (HeadDim % 2 != 0) throw new UserError($"config.json: head_dim ({HeadDim}) must be even for rotary embeddings");
        if (HiddenAct != "silu") throw new UserError($"config.json: hidden_act '{HiddenAct}' is not supported (only silu)");
        if (RopeScaling is { } rs && rs.Kind is not ("default" or "llama3"))
            throw new UserError($"config.json: rope_scaling type '{rs.Kind}' is not supported (default, llama3)");
    }
}
