using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Generation;

/// <summary>Per-token log-probabilities of given sequences under a model (what RL and KL need).</summary>
public static class LogProbs
{
    /// <summary>
    /// For right-padded sequences ids [B, T], returns [B, T-1]: entry (b, t) is log p(ids[b, t+1] | ids[b, ..t]).
    /// Right padding never influences earlier positions under causal attention, so no mask is needed.
    /// </summary>
    public static Tensor OfSequences(CausalLM model, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var logits = model.Forward(ids.narrow(1, 0, ids.shape[1] - 1));
        var target = ids.narrow(1, 1, ids.shape[1] - 1);
        return TokenLogProbs(logits, target).MoveToOuterDisposeScope();
    }

    /// <summary>log_softmax(logits) gathered at target, without materialising more than one [B,T,V] copy.</summary>
    public static Tensor TokenLogProbs(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var picked = logits.gather(-1, target.unsqueeze(-1)).squeeze(-1);
        return (picked - logits.logsumexp(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>Entropy of the next-token distribution at each position, [B, T].</summary>
    public static Tensor Entropy(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var logp = logits.log_softmax(-1);
        return (-(logp.exp() * logp).sum(-1)).MoveToOuterDisposeScope();
    }
}
