using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>y = x / sqrt(mean(x^2) + eps) * weight, computed in float32 as Hugging Face does.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    readonly Parameter weight;
    readonly double _eps;

    public RmsNorm(long dim, double eps, ScalarType dtype = ScalarType.Float32) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones([dim], dtype));
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = x.to(float32);
        h = h * rsqrt(h.pow(2).mean([-1], keepdim: true) + _eps);
        return (weight * h.to(x.dtype)).MoveToOuterDisposeScope();
    }
}
