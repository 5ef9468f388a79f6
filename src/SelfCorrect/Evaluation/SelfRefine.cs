using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Evaluation;

/// <summary>
/// The Self-Refine-style baseline: the untrained model corrects itself at inference time with no
/// oracle. Attempt 1 is greedy; for attempt 2 the model writes its greedy revision plus
/// <paramref name="candidates"/> sampled ones (temperature 1) and keeps the one it is most confident
/// in (highest mean token log-probability), its own feedback on its revisions.
/// </summary>
public static class SelfRefine
{
    public static SelfCorrectionMetrics Run(CausalLM model, IEpisodeFormat format, IVerifier verifier, string instruction,
        IReadOnlyList<Problem> problems, int attemptBudget, int seed, int candidates = 4)
    {
        model.eval();
        var sampler = new EpisodeSampler(model, format, verifier, instruction);
        var greedy = sampler.Run(problems, 2, SamplingOptions.GreedyDecoding(attemptBudget));
        var generator = new BatchGenerator(model, [format.EndOfTurn, .. format.Tokenizer.EosIds], format.Tokenizer.PadId);
        var prompts = greedy.Select(e => EpisodeTokens.PromptFor(format, e.Problem.Prompt, instruction, [e.AttemptIds[0]])).ToList();
        var best = greedy.Select(e => (Ids: e.AttemptIds[1], Score: Mean(e.AttemptLogProbs[1]))).ToArray();
        using var rng = new TorchSharp.torch.Generator((ulong)seed);
        for (int c = 0; c < candidates; c++)
        {
            for (int start = 0; start < prompts.Count; start += 256)
            {
                var batch = prompts.Skip(start).Take(256).ToList();
                var res = generator.Generate(batch, new SamplingOptions { MaxNewTokens = attemptBudget }, rng);
                for (int i = 0; i < batch.Count; i++)
                {
                    double score = Mean(res.LogProbs[i]);
                    if (score > best[start + i].Score) best[start + i] = (res.Tokens[i], score);
                }
            }
        }
        var refined = greedy.Select((e, i) =>
        {
            var text = format.Tokenizer.Decode(best[i].Ids.Where(id => id != format.EndOfTurn), skipSpecialTokens: true);
            return e with { AttemptIds = [e.AttemptIds[0], best[i].Ids], AttemptTexts = [e.AttemptTexts[0], text], Verdicts = [e.Verdicts[0], verifier.Check(e.Problem, text)] };
        }).ToList();
        return Evaluator.Metrics(refined);
    }

    static double Mean(float[] logps) => logps.Length == 0 ? double.NegativeInfinity : logps.Average(x => (double)x);
}
