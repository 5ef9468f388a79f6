namespace SelfCorrect.Training;

/// <summary>Which per-token estimator of KL(π‖π_ref) to use; x = log π(y) − log π_ref(y) for a sampled y.</summary>
public enum KlEstimator
{
    /// <summary>k1 = x. In the reward (the paper's form) REINFORCE then follows exactly ∇KL(π‖π_ref);
    /// as a loss its expected gradient is zero, so the loss form rejects it.</summary>
    K1,
    /// <summary>k2 = x²/2. As a loss, its expected gradient is exactly ∇KL(π‖π_ref). Loss form only.</summary>
    K2,
    /// <summary>k3 = e^(−x) + x − 1 ≥ 0. Unbiased value; as a loss it descends KL(π_ref‖π). Loss form only.</summary>
    K3,
}

/// <summary>Where the KL penalty enters: subtracted from the return (the paper's form) or added to the loss.</summary>
public enum KlPlacement { Reward, Loss }

/// <summary>
/// The policy-gradient pieces as small pure functions on plain arrays (verl's core_algos style):
/// leave-one-out baselines, KL estimators, and discounted returns within one attempt.
/// </summary>
public static class PolicyGradient
{
    /// <summary>RLOO: each of the k samples of a prompt is baselined by the mean of the other k−1.
    /// Samples are laid out prompt-major: indices [p·k, p·k + k) belong to prompt p.</summary>
    public static double[] LeaveOneOutAdvantages(IReadOnlyList<double> returns, int k)
    {
        if (k < 2) throw new ArgumentException("RLOO needs at least 2 samples per prompt", nameof(k));
        if (returns.Count % k != 0) throw new ArgumentException("returns must hold k samples for every prompt");
        var adv = new double[returns.Count];
        for (int start = 0; start < returns.Count; start += k)
        {
            double sum = 0;
            for (int i = 0; i < k; i++) sum += returns[start + i];
            for (int i = 0; i < k; i++) adv[start + i] = returns[start + i] - (sum - returns[start + i]) / (k - 1);
        }
        return adv;
    }

    public static double Kl(double logp, double logRef, KlEstimator estimator)
    {
        double x = logp - logRef;
        return estimator switch
        {
            KlEstimator.K1 => x,
            KlEstimator.K2 => 0.5 * x * x,
            KlEstimator.K3 => Math.Exp(-x) + x - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(estimator)),
        };
    }

    /// <summary>
    /// Per-token returns of one attempt with per-token rewards −β·kl_j and the attempt's task reward on
    /// its last token: G_j = Σ_{j'≥j} γ^(j'−j) r_j'. With γ = 1 (the default) this is the task reward minus
    /// β times the KL still to come in the attempt.
    /// </summary>
    public static double[] AttemptReturns(double taskReward, IReadOnlyList<double> tokenKl, double beta, double gamma)
    {
        int n = tokenKl.Count;
        var g = new double[n];
        double running = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            double r = -beta * tokenKl[j] + (j == n - 1 ? taskReward : 0);
            running = r + gamma * running;
            g[j] = running;
        }
        return g;
    }
}
