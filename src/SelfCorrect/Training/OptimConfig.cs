namespace SelfCorrect.Training;

/// <summary>AdamW with linear warmup then cosine decay to <see cref="MinLrRatio"/> of the peak, and gradient clipping.</summary>
public sealed record OptimConfig
{
    public double LearningRate { get; init; } = 3e-3;
    public double WeightDecay { get; init; } = 0.01;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.99;
    public int WarmupSteps { get; init; } = 20;
    public double MinLrRatio { get; init; } = 0.1;
    public double GradClip { get; init; } = 1.0;

    public double LrAt(int step, int totalSteps)
    {
        if (step < WarmupSteps) return LearningRate * (step + 1) / WarmupSteps;
        double progress = totalSteps <= WarmupSteps ? 1 : (double)(step - WarmupSteps) / (totalSteps - WarmupSteps);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));
        return LearningRate * (MinLrRatio + (1 - MinLrRatio) * cosine);
    }
}
