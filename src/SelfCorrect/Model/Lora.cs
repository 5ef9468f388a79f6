using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>
/// LoRA on a <see cref="CausalLM"/> in PEFT's layout: adapters on the target projections, base weights frozen;
/// adapter_config.json + adapter_model.safetensors with keys base_model.model.&lt;name&gt;.lora_A.weight.
/// The frozen base doubles as the KL reference through <see cref="CausalLM.AdaptersDisabled"/>.
/// </summary>
public static class Lora
{
    public const string ConfigFile = "adapter_config.json", WeightsFile = "adapter_model.safetensors", PeftPrefix = "base_model.model.";

    /// <summary>Whether a state-dict key belongs to an adapter rather than to the base model.</summary>
    public static bool IsAdapterKey(string key) => key.Contains(".lora_A.", StringComparison.Ordinal) || key.Contains(".lora_B.", StringComparison.Ordinal);

    /// <summary>
    /// Attaches adapters (A as PyTorch initialises a Linear, from the global torch seed; B = 0, so the model's
    /// output is unchanged) to every target projection and freezes all other parameters. Returns how many
    /// projections were adapted; a UserError when none matches.
    /// </summary>
    public static int Apply(CausalLM model, LoraConfig config)
    {
        config.Validate();
        if (model.Adapters is not null) throw new InvalidOperationException("the model already has LoRA adapters");
        var targets = model.Projections().Where(p => config.Targets(p.Name)).ToList();
        if (targets.Count == 0)
            throw new UserError($"no projection matches the LoRA target modules ({config.TargetRegex ?? string.Join(", ", config.TargetModules)})");
        foreach (var p in model.parameters()) p.requires_grad = false;
        foreach (var (_, projection) in targets) projection.AttachAdapter(config.Rank, config.Scale, config.Dropout);
        model.Adapters = config;
        return targets.Count;
    }

    /// <summary>The adapter tensors with their model names (model.layers.0.self_attn.q_proj.lora_A.weight, ...).</summary>
    public static IEnumerable<(string Name, Tensor Tensor)> AdapterTensors(CausalLM model) =>
        model.state_dict().Where(kv => IsAdapterKey(kv.Key)).Select(kv => (kv.Key, kv.Value));

    /// <summary>Writes adapter_config.json and adapter_model.safetensors (PEFT keys), replacing the folder's adapter files.</summary>
    public static void Save(string dir, CausalLM model)
    {
        var config = model.Adapters ?? throw new InvalidOperationException("the model has no LoRA adapters to save");
        Directory.CreateDirectory(dir);
        var weights = Path.Combine(dir, WeightsFile);
        var tmp = weights + $".tmp-{Guid.NewGuid():N}";
        try
        {
            SafeTensors.Save(tmp, AdapterTensors(model).Select(t => (PeftPrefix + t.Name, t.Tensor)),
                new Dictionary<string, string> { ["format"] = "pt" });
            File.Move(tmp, weights, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        File.WriteAllText(Path.Combine(dir, ConfigFile), config.ToPeftJson());
    }

    /// <summary>Reads an adapter folder, attaches its adapters to the model and loads their weights.</summary>
    public static LoraConfig Load(string dir, CausalLM model)
    {
        if (!Directory.Exists(dir)) throw new UserError($"adapter folder {dir} does not exist");
        var configPath = Path.Combine(dir, ConfigFile);
        if (!File.Exists(configPath)) throw new UserError($"{dir} has no {ConfigFile}");
        var weights = Path.Combine(dir, WeightsFile);
        if (!File.Exists(weights)) throw new UserError($"{dir} has no {WeightsFile}");
        var config = LoraConfig.FromPeftJson(File.ReadAllText(configPath), configPath);
        Apply(model, config);
        var targets = AdapterTensors(model).ToDictionary(t => t.Name, t => t.Tensor);
        SafeTensors.LoadInto(targets, [weights], name =>
        {
            if (!name.StartsWith(PeftPrefix, StringComparison.Ordinal))
                throw new InvalidDataException($"{weights}: tensor '{name}' does not start with '{PeftPrefix}'");
            // PEFT may keep the adapter name in the key (...q_proj.lora_A.default.weight) in older files.
            return name[PeftPrefix.Length..].Replace(".lora_A.default.", ".lora_A.", StringComparison.Ordinal)
                .Replace(".lora_B.default.", ".lora_B.", StringComparison.Ordinal);
        });
        return config;
    }

    /// <summary>
    /// Folds every adapter into its base weight (W += B·A·alpha/r, in the weight's dtype), removes the adapters
    /// and unfreezes the model: afterwards it is a plain model that <see cref="HfCheckpoint.Save"/> writes merged.
    /// </summary>
    public static void Merge(CausalLM model)
    {
        if (model.Adapters is null) throw new InvalidOperationException("the model has no LoRA adapters to merge");
        foreach (var (_, projection) in model.Projections().Where(p => p.Projection.HasAdapter).ToList()) projection.MergeAdapter();
        foreach (var p in model.parameters()) p.requires_grad = true;
        model.Adapters = null;
    }
}
