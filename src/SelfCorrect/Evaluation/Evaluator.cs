using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Evaluation;

/// <summary>Runs multi-attempt episodes on a test set and computes the self-correction metrics.</summary>
public static class Evaluator
{
    public static (SelfCorrectionMetrics Metrics, IReadOnlyList<EpisodeRollout> Episodes) Run(CausalLM model, IEpisodeFormat format, IVerifier verifier,
        string instruction, IReadOnlyList<Problem> problems, int attempts, SamplingOptions sampling, int seed, Action<int, int>? progress = null)
    {
        model.eval();
        var sampler = new EpisodeSampler(model, format, verifier, instruction);
        using var rng = new TorchSharp.torch.Generator((ulong)seed);
        var episodes = sampler.Run(problems, attempts, sampling, rng, progress: progress);
        return (Metrics(episodes), episodes);
    }

    public static SelfCorrectionMetrics Metrics(IReadOnlyList<EpisodeRollout> episodes) => SelfCorrectionMetrics.Compute(
        episodes.Select(e => (IReadOnlyList<bool>)e.Verdicts.Select(v => v.Reward > 0).ToList()).ToList(),
        episodes.Select(e => (IReadOnlyList<string>)e.AttemptTexts).ToList());
}
