using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>
/// A linear layer y = x·Wᵀ + b whose parameters keep their Hugging Face names (q_proj.weight, q_proj.bias),
/// with room for one LoRA adapter named as PEFT names it (q_proj.lora_A.weight [r, in], q_proj.lora_B.weight
/// [out, r]) that adds B·A·dropout(x)·scale. The adapter is kept in float32 whatever the base dtype.
/// </summary>
public sealed class Projection : nn.Module<Tensor, Tensor>
{
    // Field names are state-dict keys.
    Parameter weight;
    Parameter? bias;
    Linear? lora_A, lora_B;
    double _scale, _dropout;

    /// <summary>The weights are allocated in <paramref name="dtype"/> but not initialised; the model initialises or loads them.</summary>
    public Projection(long inFeatures, long outFeatures, bool hasBias, ScalarType dtype = ScalarType.Float32) : base(nameof(Projection))
    {
        weight = nn.Parameter(empty([outFeatures, inFeatures], dtype));
        if (hasBias) bias = nn.Parameter(empty([outFeatures], dtype));
        RegisterComponents();
    }

    public long InFeatures => weight.shape[1];
    public long OutFeatures => weight.shape[0];
    public Parameter Weight => weight;
    public Parameter? Bias => bias;
    public bool HasAdapter => lora_A is not null;
    /// <summary>False while the model runs as its base (see <see cref="CausalLM.AdaptersDisabled"/>).</summary>
    public bool AdapterEnabled { get; set; } = true;

    /// <summary>Adds a LoRA adapter: A with PyTorch's Linear initialisation (as PEFT), B = 0, so the output is unchanged.</summary>
    public void AttachAdapter(int rank, double scale, double dropout)
    {
        if (HasAdapter) throw new InvalidOperationException("this projection already has an adapter");
        var a = nn.Linear(InFeatures, rank, hasBias: false, device: weight.device, dtype: ScalarType.Float32);
        var b = nn.Linear(rank, OutFeatures, hasBias: false, device: weight.device, dtype: ScalarType.Float32);
        using (no_grad()) b.weight!.zero_();
        lora_A = a;
        lora_B = b;
        register_module("lora_A", a);
        register_module("lora_B", b);
        _scale = scale;
        _dropout = dropout;
    }

    /// <summary>The adapter's update B·A·scale, [out, in] in float32.</summary>
    public Tensor AdapterDelta()
    {
        if (lora_A is null || lora_B is null) throw new InvalidOperationException("this projection has no adapter");
        using var scope = NewDisposeScope();
        return (lora_B.weight!.matmul(lora_A.weight!) * _scale).MoveToOuterDisposeScope();
    }

    /// <summary>Folds the adapter into the weight (W += B·A·scale) and removes it.</summary>
    public void MergeAdapter()
    {
        using (no_grad())
        using (var delta = AdapterDelta())
            weight.add_(delta.to(weight.dtype));
        _internal_submodules.Remove("lora_A");
        _internal_submodules.Remove("lora_B");
        lora_A!.Dispose();
        lora_B!.Dispose();
        lora_A = lora_B = null;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x, weight, bias);
        if (lora_A is not null && lora_B is not null && AdapterEnabled)
        {
            var h = x.to(ScalarType.Float32);
            if (training && _dropout > 0) h = nn.functional.dropout(h, _dropout, training: true);
            y = y + (lora_B.forward(lora_A.forward(h)) * _scale).to(y.dtype);
        }
        return y.MoveToOuterDisposeScope();
    }
}
