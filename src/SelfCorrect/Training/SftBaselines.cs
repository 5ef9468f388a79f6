using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Training;

/// <summary>
/// The supervised baselines of the paper, with the same budget as the RL methods: the same number of
/// sampled episodes (steps × prompts × samples) and the same number of gradient steps. Both train the
/// second attempt only, conditioned on the first, so they teach correcting and never a wrong first attempt.
/// STaR: sample two-attempt traces, keep the successful corrections (y1 wrong, y2 right), fine-tune, repeat.
/// Pair-SFT: sample first attempts, pair each wrong one with a right answer the model wrote for the same
/// problem, fine-tune on "wrong attempt → right attempt".
/// </summary>
public sealed class SftBaselines(CausalLM policy, IEpisodeFormat format, IVerifier verifier, string instruction, int attemptBudget, RlConfig cfg)
{
    readonly EpisodeSampler _sampler = new(policy, format, verifier, instruction);
    readonly SupervisedTrainer _sft = new(policy, cfg.Optim, format.Tokenizer.PadId);
    int EpisodesPerStep => cfg.PromptsPerStep * cfg.SamplesPerPrompt;

    public RlHistory Star(IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut, MetricsLog log, Action<TrainProgress>? progress)
    {
        var history = new RlHistory();
        var eval = heldOut.Take(cfg.EvalProblems).ToList();
        history.HeldOut.Add(Evaluate(eval, 0));
        int total = cfg.TotalSteps, done = 0;
        for (int it = 0; it < cfg.StarIterations; it++)
        {
            int steps = total / cfg.StarIterations + (it < total % cfg.StarIterations ? 1 : 0);
            var rollouts = Sample(train, steps * EpisodesPerStep, 2, seed: cfg.Seed * 7 + it);
            var kept = rollouts.Where(r => r.Verdicts[0].Reward == 0 && r.Verdicts[1].Reward > 0).ToList();
            log.Write(new Dictionary<string, object?> { ["phase"] = "star-filter", ["iteration"] = it, ["sampled"] = rollouts.Count, ["kept"] = kept.Count });
            var pool = kept.Select(r => SecondAttemptOnly(r.Problem.Prompt, r.AttemptIds)).ToList();
            done = Fit(pool, steps, done, total, eval, history, log, progress);
        }
        return history;
    }

    public RlHistory PairSft(IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut, MetricsLog log, Action<TrainProgress>? progress)
    {
        var history = new RlHistory();
        var eval = heldOut.Take(cfg.EvalProblems).ToList();
        history.HeldOut.Add(Evaluate(eval, 0));
        int total = cfg.TotalSteps;
        var rollouts = Sample(train, total * EpisodesPerStep, 1, seed: cfg.Seed * 11);
        var pool = new List<EpisodeTokens>();
        foreach (var group in rollouts.GroupBy(r => r.Problem.Id))
        {
            var right = group.Where(r => r.Verdicts[0].Reward > 0).ToList();
            var wrong = group.Where(r => r.Verdicts[0].Reward == 0).ToList();
            for (int i = 0; i < wrong.Count && right.Count > 0; i++)
                pool.Add(SecondAttemptOnly(wrong[i].Problem.Prompt, [wrong[i].AttemptIds[0], right[i % right.Count].AttemptIds[0]]));
        }
        log.Write(new Dictionary<string, object?> { ["phase"] = "pair-sft-pairs", ["sampled"] = rollouts.Count, ["pairs"] = pool.Count });
        Fit(pool, total, 0, total, eval, history, log, progress);
        return history;
    }

    IReadOnlyList<EpisodeRollout> Sample(IReadOnlyList<Problem> train, int episodes, int attempts, int seed)
    {
        policy.eval();
        var pick = new Random(seed);
        var problems = new List<Problem>(episodes);
        while (problems.Count < episodes)
        {
            var p = train[pick.Next(train.Count)];
            for (int s = 0; s < cfg.SamplesPerPrompt && problems.Count < episodes; s++) problems.Add(p);
        }
        using var rng = new TorchSharp.torch.Generator((ulong)seed, policy.parameters().First().device);
        return _sampler.Run(problems, attempts, new SamplingOptions { MaxNewTokens = attemptBudget, Temperature = cfg.Temperature }, rng, cfg.GenerationBatchSize);
    }

    EpisodeTokens SecondAttemptOnly(string prompt, IReadOnlyList<int[]> attempts)
    {
        var e = EpisodeTokens.Build(format, prompt, instruction, attempts);
        return e with { AttemptOf = e.AttemptOf.Select(a => a == 2 ? 2 : 0).ToArray() };
    }

    int Fit(List<EpisodeTokens> pool, int steps, int done, int total, IReadOnlyList<Problem> eval, RlHistory history, MetricsLog log, Action<TrainProgress>? progress)
    {
        var rng = new Random(cfg.Seed + done);
        for (int s = 0; s < steps; s++, done++)
        {
            var m = new Dictionary<string, double> { ["step"] = done + 1, ["pool"] = pool.Count };
            if (pool.Count > 0)
            {
                var batch = Enumerable.Range(0, Math.Min(EpisodesPerStep, pool.Count)).Select(_ => pool[rng.Next(pool.Count)]).ToList();
                var (loss, _) = _sft.Step(batch, cfg.Optim.LrAt(done, total));
                m["loss"] = loss;
            }
            history.Steps.Add(m);
            log.Write(new Dictionary<string, object?>(m.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))) { ["phase"] = "train" });
            if ((done + 1) % cfg.EvalEvery == 0 || done == total - 1)
            {
                var point = Evaluate(eval, done + 1);
                history.HeldOut.Add(point);
                log.Write(new Dictionary<string, object?> { ["phase"] = "heldout", ["step"] = done + 1, ["acc_t1"] = point.AccT1, ["acc_t2"] = point.AccT2, ["edit_ratio"] = point.EditRatio });
            }
            progress?.Invoke(new TrainProgress(MethodNames.Of(cfg.Method), done + 1, total, m));
        }
        return done;
    }

    HeldOutPoint Evaluate(IReadOnlyList<Problem> problems, int step) => HeldOutPoint.Measure(policy, _sampler, problems, attemptBudget, step, cfg.GenerationBatchSize);
}
