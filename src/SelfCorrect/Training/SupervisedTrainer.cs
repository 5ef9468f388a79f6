using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>Next-token cross-entropy on the tokens the model writes (assistant turns), nothing else.
/// Used to pretrain the built-in base model and by the STaR and Pair-SFT baselines.</summary>
public sealed class SupervisedTrainer(CausalLM model, OptimConfig optim, int padId)
{
    readonly AdamW _opt = optim_adamw(model, optim);

    static AdamW optim_adamw(CausalLM m, OptimConfig o) =>
        TorchSharp.torch.optim.AdamW(m.parameters(), o.LearningRate, o.Beta1, o.Beta2, weight_decay: o.WeightDecay);

    /// <summary>One optimisation step on a batch; returns the mean loss per trained token and the token count.</summary>
    public (double Loss, long Tokens) Step(IReadOnlyList<EpisodeTokens> batch, double lr)
    {
        model.train();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var (ids, owner) = Batching.Pad(batch, padId, device);
        var logits = model.Forward(ids.narrow(1, 0, ids.shape[1] - 1));
        var target = ids.narrow(1, 1, ids.shape[1] - 1);
        var mask = owner.narrow(1, 1, ids.shape[1] - 1).gt(0).to(float32);
        var logp = LogProbs.TokenLogProbs(logits, target);
        var count = mask.sum();
        var loss = -(logp * mask).sum() / count.clamp_min(1);
        foreach (var g in _opt.ParamGroups) g.LearningRate = lr;
        _opt.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(model.parameters(), optim.GradClip);
        _opt.step();
        return (loss.item<float>(), (long)count.item<float>());
    }
}
