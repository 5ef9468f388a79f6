using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>SwiGLU feed-forward: down(silu(gate(x)) * up(x)).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    readonly Projection gate_proj, up_proj, down_proj;

    public Mlp(ModelConfig c, ScalarType dtype = ScalarType.Float32) : base(nameof(Mlp))
    {
        gate_proj = new Projection(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype);
        up_proj = new Projection(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype);
        down_proj = new Projection(c.IntermediateSize, c.HiddenSize, c.MlpBias, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.silu(gate_proj.forward(x)) * up_proj.forward(x);
        return down_proj.forward(h).MoveToOuterDisposeScope();
    }
}
