using SelfCorrect.Training;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Training;

public class PolicyGradientTests
{
    [Fact]
    public void LeaveOneOutBaselineUsesTheOtherSamplesOfThePrompt()
    {
        var adv = PolicyGradient.LeaveOneOutAdvantages([1, 0, 0, 1, 1, 1], 3);
        Assert.Equal(new[] { 1.0, -0.5, -0.5, 0, 0, 0 }, adv);
    }

    [Fact]
    public void EstimatorsAgreeOnValuesAndSigns()
    {
        Assert.Equal(0.3, PolicyGradient.Kl(-1.0, -1.3, KlEstimator.K1), 12);
        Assert.Equal(0.045, PolicyGradient.Kl(-1.0, -1.3, KlEstimator.K2), 12);
        Assert.True(PolicyGradient.Kl(-2, -1, KlEstimator.K3) >= 0);
        Assert.Equal(0, PolicyGradient.Kl(-1, -1, KlEstimator.K3), 12);
    }

    [Fact]
    public void DiscountedReturnsWithinAnAttempt()
    {
        var g = PolicyGradient.AttemptReturns(1.0, [0, 0, 0], beta: 0, gamma: 0.5);
        Assert.Equal(new[] { 0.25, 0.5, 1.0 }, g);
    }

    /// <summary>
    /// Optimising only the KL term on a small categorical policy must pull it toward the reference,
    /// for every supported form: k1 in the reward (REINFORCE with a leave-one-out baseline), and
    /// k2/k3 in the loss (gradient through log π). The unsupported forms are shown to fail or are rejected.
    /// </summary>
    [Theory]
    [InlineData(KlPlacement.Reward, KlEstimator.K1)]
    [InlineData(KlPlacement.Loss, KlEstimator.K2)]
    [InlineData(KlPlacement.Loss, KlEstimator.K3)]
    public void KlTermAloneMovesThePolicyTowardTheReference(KlPlacement placement, KlEstimator estimator)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var refLogp = tensor(new float[] { 2.0f, 0.5f, -1.0f, 0.0f, 1.0f }).log_softmax(0);
        var theta = new TorchSharp.Modules.Parameter(tensor(new float[] { -1.0f, 2.0f, 1.5f, 0.0f, -2.0f }));
        var opt = optim.Adam([theta], 0.05);
        double Kl() { using var _ = no_grad(); var lp = theta.log_softmax(0); return (lp.exp() * (lp - refLogp)).sum().item<float>(); }
        double before = Kl();
        using var gen = new Generator(11);
        for (int step = 0; step < 300; step++)
        {
            using var s = NewDisposeScope();
            var logp = theta.log_softmax(0);
            var samples = multinomial(logp.detach().exp(), 64, replacement: true, generator: gen);
            var lp = logp.index_select(0, samples);
            var lr = refLogp.index_select(0, samples);
            Tensor loss;
            if (placement == KlPlacement.Reward)
            {
                var x = (lp.detach() - lr).data<float>().ToArray();
                var reward = x.Select(v => -PolicyGradient.Kl(v, 0, estimator)).ToArray();
                var adv = PolicyGradient.LeaveOneOutAdvantages(reward, 64);
                loss = -(tensor(adv.Select(a => (float)a).ToArray()) * lp).mean();
            }
            else
            {
                var x = lp - lr;
                loss = (estimator == KlEstimator.K2 ? 0.5 * x * x : (-x).exp() + x - 1).mean();
            }
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        double after = Kl();
        Assert.True(after < 0.2 * before, $"KL went from {before:F3} to {after:F3}");
    }

    [Theory]
    [InlineData(KlPlacement.Loss, KlEstimator.K1)]
    [InlineData(KlPlacement.Reward, KlEstimator.K2)]
    [InlineData(KlPlacement.Reward, KlEstimator.K3)]
    public void FormsThatDoNotPullTowardTheReferenceAreRejected(KlPlacement placement, KlEstimator estimator)
    {
        var cfg = new RlConfig { KlPlacement = placement, KlEstimator = estimator };
        Assert.Throws<UserError>(cfg.Validate);
    }
}
