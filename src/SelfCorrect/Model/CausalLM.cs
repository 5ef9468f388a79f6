using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>
/// A decoder-only language model of the Qwen2/Llama family. Parameter names equal Hugging Face
/// state-dict keys (model.embed_tokens.weight, model.layers.0.self_attn.q_proj.weight, ..., lm_head.weight),
/// so real checkpoints load without renaming. With tied embeddings there is no lm_head.
/// </summary>
public sealed class CausalLM : nn.Module
{
    readonly DecoderStack model;
    readonly Projection? lm_head;
    public ModelConfig Config { get; }
    /// <summary>The LoRA adapters attached by <see cref="Lora.Apply"/>, or null.</summary>
    public LoraConfig? Adapters { get; internal set; }

    public CausalLM(ModelConfig config) : this(config, initialize: true)
    {
    }

    /// <param name="initialize">False leaves the projection weights uninitialised (allocated, not written), for a
    /// checkpoint to overwrite: loading then touches each weight once.</param>
    /// <param name="dtype">The parameters' type, passed to every module (not through torch's process-wide default
    /// dtype, which another thread could change meanwhile).</param>
    public CausalLM(ModelConfig config, bool initialize, ScalarType dtype = ScalarType.Float32) : base(nameof(CausalLM))
    {
        config.Validate();
        Config = config;
        model = new DecoderStack(config, dtype);
        register_module("model", model);
        if (!config.TieWordEmbeddings)
        {
            lm_head = new Projection(config.HiddenSize, config.VocabSize, hasBias: false, dtype);
            register_module("lm_head", lm_head);
        }
        if (initialize) InitWeights();
    }

    /// <summary>Hugging Face's initialisation: weights ~ N(0, 0.02), biases 0, norms 1. Loading a checkpoint overwrites it.</summary>
    void InitWeights(double std = 0.02)
    {
        using var noGrad = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("norm.weight", StringComparison.Ordinal)) continue;
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else p.normal_(0, std);
        }
    }

    /// <summary>
    /// Logits [B, T, vocab] in float32. <paramref name="positions"/> defaults to 0..T-1 (after the cache's
    /// filled slots); <paramref name="mask"/> [B, 1, T, Tk] is needed only for padded batches.
    /// </summary>
    public Tensor Forward(Tensor ids, Tensor? positions = null, Tensor? mask = null, KvCache? cache = null)
    {
        using var scope = NewDisposeScope();
        long t = ids.shape[1];
        int offset = cache?.Length ?? 0;
        positions ??= arange(offset, offset + t, dtype: int64, device: ids.device).unsqueeze(0).expand(ids.shape[0], t);
        if (mask is null && cache is not null && offset > 0)
            mask = ones([ids.shape[0], 1, t, offset + t], @bool, ids.device).tril(offset);
        var h = model.Forward(ids, positions, mask, cache);
        var logits = lm_head is null ? h.matmul(model.embed_tokens.weight!.t()) : lm_head.forward(h);
        return logits.to(float32).MoveToOuterDisposeScope();
    }

    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Every linear layer with its state-dict prefix (model.layers.0.self_attn.q_proj, ..., lm_head).</summary>
    public IEnumerable<(string Name, Projection Projection)> Projections() =>
        named_modules().Where(m => m.module is Projection).Select(m => (m.name, (Projection)m.module));

    /// <summary>The parameters an optimiser should update: all of them, or only the adapters when LoRA is on.</summary>
    public IEnumerable<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

    /// <summary>The state dict without adapter tensors: what a Hugging Face checkpoint of the base holds.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> BaseStateDict() =>
        state_dict().Where(kv => !Lora.IsAdapterKey(kv.Key)).Select(kv => (kv.Key, kv.Value));

    /// <summary>
    /// Runs the model as its base while the returned scope lives: adapters contribute nothing, so the same
    /// weights serve as the frozen KL reference. Scopes nest; disposing restores the previous state.
    /// </summary>
    public IDisposable AdaptersDisabled()
    {
        var previous = Projections().Select(p => (p.Projection, p.Projection.AdapterEnabled)).ToList();
        foreach (var (p, _) in previous) p.AdapterEnabled = false;
        return new Restore(previous);
    }

    sealed class Restore(List<(Projection Projection, bool Enabled)> previous) : IDisposable
    {
        bool _done;
        public void Dispose()
        {
            if (_done) return;
            _done = true;
            foreach (var (p, enabled) in previous) p.AdapterEnabled = enabled;
        }
    }
}
