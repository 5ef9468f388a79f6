using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SelfCorrect.Model;

/// <summary>
/// A LoRA adapter's settings, read from and written to PEFT's adapter_config.json. Target modules are the
/// last names of the projections to adapt (q_proj, k_proj, ...), or, as PEFT allows, one regular expression
/// that must match a projection's full name.
/// </summary>
public sealed record LoraConfig
{
    public int Rank { get; init; } = 8;
    public double Alpha { get; init; } = 16;
    public double Dropout { get; init; }
    public IReadOnlyList<string> TargetModules { get; init; } = DefaultTargets;
    public string? TargetRegex { get; init; }
    public bool UseRsLora { get; init; }
    public string? BaseModelNameOrPath { get; init; }

    public static readonly IReadOnlyList<string> DefaultTargets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>alpha / r, or alpha / sqrt(r) with rank-stabilised LoRA.</summary>
    public double Scale => UseRsLora ? Alpha / Math.Sqrt(Rank) : Alpha / Rank;

    public void Validate()
    {
        if (Rank < 1) throw new UserError($"LoRA rank must be at least 1 (got {Rank})");
        if (Alpha <= 0) throw new UserError($"LoRA alpha must be positive (got {Alpha})");
        if (Dropout is < 0 or >= 1) throw new UserError($"LoRA dropout must be in [0, 1) (got {Dropout})");
        if (TargetRegex is null && TargetModules.Count == 0) throw new UserError("LoRA needs at least one target module");
    }

    /// <summary>Whether the projection named <paramref name="fullName"/> (model.layers.0.self_attn.q_proj) gets an adapter.</summary>
    public bool Targets(string fullName) => TargetRegex is { } rx
        ? Regex.IsMatch(fullName, $"^(?:{rx})$")
        : TargetModules.Contains(fullName[(fullName.LastIndexOf('.') + 1)..]);

    public string ToPeftJson() => new JsonObject
    {
        ["peft_type"] = "LORA",
        ["task_type"] = "CAUSAL_LM",
        ["base_model_name_or_path"] = BaseModelNameOrPath,
        ["r"] = Rank,
        ["lora_alpha"] = Alpha,
        ["lora_dropout"] = Dropout,
        ["target_modules"] = TargetRegex is { } rx ? JsonValue.Create(rx) : new JsonArray(TargetModules.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        ["bias"] = "none",
        ["fan_in_fan_out"] = false,
        ["inference_mode"] = true,
        ["init_lora_weights"] = true,
        ["use_rslora"] = UseRsLora,
        ["use_dora"] = false,
        ["modules_to_save"] = null,
        ["layers_to_transform"] = null,
        ["rank_pattern"] = new JsonObject(),
        ["alpha_pattern"] = new JsonObject(),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Parses adapter_config.json; PEFT features this library does not run (DoRA, biases, per-module
    /// ranks, extra trained modules) are a UserError naming the field.</summary>
    public static LoraConfig FromPeftJson(string json, string source)
    {
        JsonObject root;
        try { root = JsonNode.Parse(json) as JsonObject ?? throw new UserError($"{source} is not a JSON object"); }
        catch (JsonException e) { throw new UserError($"{source} is not valid JSON ({e.Message.Split('\n')[0]})"); }
        try
        {
            string peftType = root["peft_type"]?.GetValue<string>() ?? "LORA";
            if (peftType != "LORA") throw new UserError($"{source}: peft_type '{peftType}' is not supported (only LORA)");
            if (root["bias"]?.GetValue<string>() is { } bias && bias != "none") throw new UserError($"{source}: bias '{bias}' is not supported (only none)");
            if (root["use_dora"]?.GetValue<bool>() == true) throw new UserError($"{source}: use_dora is not supported");
            if (root["fan_in_fan_out"]?.GetValue<bool>() == true) throw new UserError($"{source}: fan_in_fan_out is not supported");
            foreach (var key in new[] { "rank_pattern", "alpha_pattern" })
                if (root[key] is JsonObject o && o.Count > 0) throw new UserError($"{source}: {key} is not supported");
            if (root["modules_to_save"] is JsonArray { Count: > 0 }) throw new UserError($"{source}: modules_to_save is not supported");
            if (root["layers_to_transform"] is { } l && l.GetValueKind() != JsonValueKind.Null) throw new UserError($"{source}: layers_to_transform is not supported");
            var targets = root["target_modules"];
            var config = new LoraConfig
            {
                Rank = root["r"]?.GetValue<int>() ?? 8,
                Alpha = root["lora_alpha"]?.GetValue<double>() ?? 8,
                Dropout = root["lora_dropout"]?.GetValue<double>() ?? 0,
                UseRsLora = root["use_rslora"]?.GetValue<bool>() ?? false,
                BaseModelNameOrPath = root["base_model_name_or_path"]?.GetValue<string>(),
                TargetModules = targets is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToList() : [],
                TargetRegex = targets is JsonValue v ? v.GetValue<string>() : null,
            };
            if (targets is null) throw new UserError($"{source}: missing target_modules");
            config.Validate();
            return config;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new UserError($"{source}: a field has the wrong type ({e.Message})");
        }
    }
}
