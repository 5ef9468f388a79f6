using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Generation;

/// <summary>One multi-attempt episode: x1, y1, p1, y2, ... with each attempt's tokens, log-probs, text and verdict.</summary>
public sealed record EpisodeRollout(Problem Problem, int[][] AttemptIds, float[][] AttemptLogProbs, string[] AttemptTexts, Verdict[] Verdicts)
{
    public int Attempts => AttemptIds.Length;
}

/// <summary>Samples episodes: attempt 1 from the problem, then each further attempt after the correction instruction.</summary>
public sealed class EpisodeSampler(CausalLM model, IEpisodeFormat format, IVerifier verifier, string instruction)
{
    public IReadOnlyList<EpisodeRollout> Run(IReadOnlyList<Problem> problems, int attempts, SamplingOptions options,
        TorchSharp.torch.Generator? rng = null, int batchSize = 256, Action<int, int>? progress = null)
    {
        if (attempts < 1) throw new UserError("attempts must be at least 1");
        var generator = new BatchGenerator(model, [format.EndOfTurn, .. format.Tokenizer.EosIds.Where(e => e != format.EndOfTurn)], format.Tokenizer.PadId);
        var ids = problems.Select(_ => new List<int[]>()).ToArray();
        var logps = problems.Select(_ => new List<float[]>()).ToArray();
        int done = 0, total = problems.Count * attempts;
        for (int t = 0; t < attempts; t++)
        {
            for (int start = 0; start < problems.Count; start += batchSize)
            {
                int n = Math.Min(batchSize, problems.Count - start);
                var prompts = Enumerable.Range(start, n)
                    .Select(i => EpisodeTokens.PromptFor(format, problems[i].Prompt, instruction, ids[i].Select(a => (IReadOnlyList<int>)a).ToList()))
                    .ToList();
                var result = generator.Generate(prompts, options, rng);
                for (int k = 0; k < n; k++) { ids[start + k].Add(result.Tokens[k]); logps[start + k].Add(result.LogProbs[k]); }
                done += n;
                progress?.Invoke(done, total);
            }
        }
        var texts = ids.Select(a => a.Select(Text).ToArray()).ToArray();
        var items = problems.SelectMany((p, i) => texts[i].Select(x => (p, x))).ToList();
        var verdicts = verifier.CheckAll(items);
        return problems.Select((p, i) => new EpisodeRollout(p, ids[i].ToArray(), logps[i].ToArray(), texts[i],
            verdicts.Skip(i * attempts).Take(attempts).ToArray())).ToList();
    }

    string Text(int[] attempt)
    {
        var visible = attempt.Where(id => id != format.EndOfTurn && !format.Tokenizer.EosIds.Contains(id));
        return format.Tokenizer.Decode(visible, skipSpecialTokens: true);
    }
}
