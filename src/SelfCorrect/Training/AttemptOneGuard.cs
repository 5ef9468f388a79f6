namespace SelfCorrect.Training;

/// <summary>Settings of the guard against a deliberately worse attempt 1.</summary>
public sealed record GuardConfig
{
    public bool Enabled { get; init; } = true;
    /// <summary>How far (absolute accuracy) the policy's held-out Acc@t1 may fall below the reference's before the guard acts.</summary>
    public double Tolerance { get; init; } = 0.01;
}

/// <summary>What the guard concluded at one check.</summary>
public sealed record GuardDecision(bool Flagged, bool Holding, double PolicyT1, double ReferenceT1, double Margin, string Reason);

/// <summary>
/// Stage II's flip bonus α·(r(y2) − r(y1)) pays more when attempt 1 is wrong, which invites a policy
/// that writes a worse attempt 1 on purpose. The guard compares the policy's held-out Acc@t1 with the
/// reference model's on the same problems. It flags the policy when Acc@t1 has fallen by more than a
/// margin (the larger of the tolerance and twice the standard error of the difference) while the bonus
/// is being earned (wrong-to-right flips are being paid). While flagged, the trainer holds attempt 1:
/// the bonus is withheld and attempt 1's KL coefficient rises to β2, as in Stage I, until Acc@t1 is
/// back within the tolerance.
/// </summary>
public sealed class AttemptOneGuard(GuardConfig config, double referenceT1, int heldOutProblems)
{
    public bool Holding { get; private set; }
    public double ReferenceT1 => referenceT1;

    public GuardDecision Check(double policyT1, double bonusFlipRate)
    {
        double p = (policyT1 + referenceT1) / 2;
        double se = Math.Sqrt(2 * p * (1 - p) / Math.Max(1, heldOutProblems));
        double margin = Math.Max(config.Tolerance, 2 * se);
        double drop = referenceT1 - policyT1;
        bool flagged = drop > margin && bonusFlipRate > 0;
        string reason;
        if (!config.Enabled) { Holding = false; reason = "guard disabled"; }
        else if (flagged) { Holding = true; reason = $"Acc@t1 fell {drop:P1} below the reference (margin {margin:P1}) while flips earn the bonus"; }
        else if (Holding && drop <= config.Tolerance) { Holding = false; reason = "Acc@t1 recovered"; }
        else reason = Holding ? "holding attempt 1 until Acc@t1 recovers" : "ok";
        return new GuardDecision(flagged, Holding, policyT1, referenceT1, margin, reason);
    }
}
