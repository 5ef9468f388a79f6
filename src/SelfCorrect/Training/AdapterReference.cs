using SelfCorrect.Generation;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>
/// The KL reference of a LoRA run: the policy itself with its adapters switched off, i.e. the frozen base
/// model, so no second copy of the weights is held. Log-probs are computed without gradients.
/// </summary>
public sealed class AdapterReference : IReferencePolicy
{
    readonly CausalLM _model;

    public AdapterReference(CausalLM model)
    {
        if (model.Adapters is null) throw new InvalidOperationException("the adapter reference needs a model with LoRA adapters");
        _model = model;
    }

    public Tensor SequenceLogProbs(Tensor ids)
    {
        using var noGrad = no_grad();
        using var baseOnly = _model.AdaptersDisabled();
        return LogProbs.OfSequences(_model, ids);
    }
}
