using SelfCorrect.Generation;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>The frozen reference π_ref of the KL penalty: per-token log-probs of sequences, without gradients.</summary>
public interface IReferencePolicy
{
    /// <summary>[B, T-1] log-probs of ids[:, 1:] given their prefixes (right-padded ids).</summary>
    Tensor SequenceLogProbs(Tensor ids);
}

/// <summary>A separate frozen copy of the base model (built-in models; full fine-tuning).</summary>
public sealed class FrozenReference : IReferencePolicy
{
    readonly CausalLM _model;

    public FrozenReference(CausalLM model)
    {
        _model = model;
        _model.eval();
        foreach (var p in _model.parameters()) p.requires_grad = false;
    }

    public Tensor SequenceLogProbs(Tensor ids)
    {
        using var noGrad = no_grad();
        return LogProbs.OfSequences(_model, ids);
    }
}
