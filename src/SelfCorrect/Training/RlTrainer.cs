using System.Diagnostics;
using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

/// <summary>One held-out measurement during training (greedy decoding).</summary>
public sealed record HeldOutPoint(int Step, double AccT1, double AccT2, double EditRatio)
{
    public static HeldOutPoint Measure(CausalLM policy, EpisodeSampler sampler, IReadOnlyList<Problem> problems, int attemptBudget, int step, int batchSize = 256)
    {
        policy.eval();
        var r = sampler.Run(problems, 2, SamplingOptions.GreedyDecoding(attemptBudget), batchSize: batchSize);
        return new HeldOutPoint(step, r.Average(e => e.Verdicts[0].Reward), r.Average(e => e.Verdicts[1].Reward),
            r.Average(e => Evaluation.EditDistance.Ratio(e.AttemptTexts[0], e.AttemptTexts[1])));
    }
}

/// <summary>Everything a run measured, for logs, plots and reports.</summary>
public sealed class RlHistory
{
    public List<Dictionary<string, double>> Steps { get; } = [];
    public List<HeldOutPoint> HeldOut { get; } = [];
    public List<GuardDecision> Guard { get; } = [];
}

/// <summary>
/// On-policy REINFORCE for multi-attempt episodes: sample k two-attempt episodes per prompt, score
/// each attempt, turn rewards into per-token weights with <see cref="ScoreObjective"/>, and take one
/// AdamW step on −Σ w·log π. Runs SCoRe (Stage I, Stage II, interleaved), its ablations, naive
/// multi-turn RL and single-turn RL; the stage of each step comes from <see cref="RlConfig.Stages"/>.
/// </summary>
public sealed class RlTrainer
{
    readonly CausalLM _policy;
    readonly IReferencePolicy _reference;
    readonly IEpisodeFormat _format;
    readonly IVerifier _verifier;
    readonly string _instruction;
    readonly int _budget;
    readonly RlConfig _cfg;
    AdamW _opt;
    readonly EpisodeSampler _sampler;

    public RlTrainer(CausalLM policy, IReferencePolicy reference, IEpisodeFormat format, IVerifier verifier,
        string instruction, int attemptBudget, RlConfig config)
    {
        config.Validate();
        (_policy, _reference, _format, _verifier, _instruction, _budget, _cfg) = (policy, reference, format, verifier, instruction, attemptBudget, config);
        _opt = NewOptimizer();
        _sampler = new EpisodeSampler(policy, format, verifier, instruction);
    }

    public AdamW Optimizer => _opt;

    AdamW NewOptimizer() => optim.AdamW(_policy.parameters().Where(p => p.requires_grad).ToList(),
        _cfg.Optim.LearningRate, _cfg.Optim.Beta1, _cfg.Optim.Beta2, weight_decay: _cfg.Optim.WeightDecay);

    /// <summary>Runs steps [startStep, TotalSteps). The held-out set is measured every EvalEvery steps.</summary>
    public RlHistory Train(IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut, MetricsLog log,
        Action<TrainProgress>? progress = null, int startStep = 0, double? referenceT1 = null, Action<int, double>? checkpoint = null)
    {
        var stages = _cfg.Stages();
        var history = new RlHistory();
        var eval = heldOut.Take(_cfg.EvalProblems).ToList();
        var first = Evaluate(eval, startStep);
        history.HeldOut.Add(first);
        double refT1 = referenceT1 ?? first.AccT1; // before any update the policy is the reference
        var guard = new AttemptOneGuard(_cfg.Guard, refT1, eval.Count);
        log.Write(new Dictionary<string, object?> { ["phase"] = "heldout", ["step"] = startStep, ["acc_t1"] = first.AccT1, ["acc_t2"] = first.AccT2, ["reference_acc_t1"] = refT1 });
        double lastFlips = 0;
        for (int step = startStep; step < stages.Count; step++)
        {
            bool reset = _cfg.ResetOptimizerAtStageChange && step > 0 && stages[step] != stages[step - 1];
            if (reset)
            {
                // Stage II's rewards are about α times larger than Stage I's; moments from the old objective would
                // turn that into steps about α times too long until they caught up.
                _opt.Dispose();
                _opt = NewOptimizer();
            }
            var m = Step(train, stages[step], step, guard.Holding);
            m["optimizer_reset"] = reset ? 1 : 0;
            lastFlips = m["flip_i_to_c"];
            history.Steps.Add(m);
            log.Write(new Dictionary<string, object?>(m.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value))) { ["phase"] = "train", ["stage"] = stages[step].ToString() });
            if ((step + 1) % _cfg.EvalEvery == 0 || step == stages.Count - 1)
            {
                var point = Evaluate(eval, step + 1);
                history.HeldOut.Add(point);
                var decision = guard.Check(point.AccT1, stages[step] == Stage.ScoreStageTwo ? lastFlips : 0);
                history.Guard.Add(decision);
                log.Write(new Dictionary<string, object?>
                {
                    ["phase"] = "heldout", ["step"] = step + 1, ["acc_t1"] = point.AccT1, ["acc_t2"] = point.AccT2, ["edit_ratio"] = point.EditRatio,
                    ["reference_acc_t1"] = refT1, ["guard_flagged"] = decision.Flagged, ["guard_holding"] = decision.Holding, ["guard_reason"] = decision.Reason,
                });
            }
            if (checkpoint is not null && ((step + 1) % _cfg.CheckpointEvery == 0 || step == stages.Count - 1)) checkpoint(step + 1, refT1);
            progress?.Invoke(new TrainProgress(MethodNames.Of(_cfg.Method), step + 1, stages.Count, m));
        }
        return history;
    }

    /// <summary>Held-out accuracy of both attempts with greedy decoding.</summary>
    public HeldOutPoint Evaluate(IReadOnlyList<Problem> problems, int step) => HeldOutPoint.Measure(_policy, _sampler, problems, _budget, step, _cfg.GenerationBatchSize);

    Dictionary<string, double> Step(IReadOnlyList<Problem> train, Stage stage, int step, bool holdAttemptOne)
    {
        var clock = Stopwatch.StartNew();
        int k = _cfg.SamplesPerPrompt, attempts = stage == Stage.SingleTurn ? 1 : 2;
        var pick = new Random(unchecked(_cfg.Seed * 7919 + step * 104729)); // HashCode.Combine is randomised per process
        var prompts = Enumerable.Range(0, _cfg.PromptsPerStep).Select(_ => train[pick.Next(train.Count)]).ToList();
        var problems = prompts.SelectMany(p => Enumerable.Repeat(p, k)).ToList();
        _policy.eval();
        using var rng = new TorchSharp.torch.Generator((ulong)(_cfg.Seed * 1_000_003L + step), _policy.parameters().First().device);
        var rollouts = _sampler.Run(problems, attempts, new SamplingOptions { MaxNewTokens = _budget, Temperature = _cfg.Temperature }, rng, _cfg.GenerationBatchSize);
        double sampleSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var coefficients = holdAttemptOne ? _cfg.MethodCoefficients with { Alpha = 0 } : _cfg.MethodCoefficients;
        var episodes = rollouts.Select(r => EpisodeTokens.Build(_format, r.Problem.Prompt, _instruction, r.AttemptIds)).ToList();
        _policy.train();
        using var scope = NewDisposeScope();
        var device = _policy.parameters().First().device;
        var (ids, owner) = Batching.Pad(episodes, _format.Tokenizer.PadId, device);
        long t = ids.shape[1] - 1;
        var logits = _policy.Forward(ids.narrow(1, 0, t));
        var logp = LogProbs.TokenLogProbs(logits, ids.narrow(1, 1, t));
        var refLogp = _reference.SequenceLogProbs(ids);
        var own = owner.narrow(1, 1, t);
        var mask = own.gt(0).to(float32);

        // Per-token KL estimates on the CPU, grouped by episode and attempt.
        var diff = (logp.detach() - refLogp).cpu().data<float>().ToArray();
        var ownArr = own.cpu().data<long>().ToArray();
        var tokenKl = new List<IReadOnlyList<IReadOnlyList<double>>>();
        var seqKl = new double[attempts];
        for (int i = 0; i < episodes.Count; i++)
        {
            var perAttempt = Enumerable.Range(0, attempts).Select(_ => new List<double>()).ToArray();
            for (int j = 0; j < t; j++)
            {
                int a = (int)ownArr[i * t + j];
                if (a == 0) continue;
                perAttempt[a - 1].Add(PolicyGradient.Kl(diff[i * t + j], 0, _cfg.KlEstimator));
                seqKl[a - 1] += diff[i * t + j];
            }
            tokenKl.Add(perAttempt);
        }
        var rewards = rollouts.Select(r => (r.Verdicts[0].Reward, attempts > 1 ? r.Verdicts[1].Reward : 0.0)).ToList();
        bool klInReward = _cfg.KlPlacement == KlPlacement.Reward;
        var weights = ScoreObjective.Advantages(stage, rewards, tokenKl, k, coefficients, klInReward, holdAttemptOne);

        var w = new float[episodes.Count * t];
        var beta = new float[episodes.Count * t];
        var (beta1, beta2) = ScoreObjective.KlCoefficients(stage, coefficients, holdAttemptOne);
        for (int i = 0; i < episodes.Count; i++)
        {
            var next = new int[attempts];
            for (int j = 0; j < t; j++)
            {
                int a = (int)ownArr[i * t + j];
                if (a == 0) continue;
                w[i * t + j] = (float)weights[i][a - 1][next[a - 1]++];
                beta[i * t + j] = (float)(a == 1 ? beta1 : beta2);
            }
        }
        var count = mask.sum().clamp_min(1);
        var loss = -(tensor(w, [episodes.Count, t], device: device) * logp * mask).sum() / count;
        if (!klInReward)
        {
            var x = logp - refLogp;
            var kl = _cfg.KlEstimator == KlEstimator.K2 ? 0.5 * x * x : (-x).exp() + x - 1;
            loss = loss + (tensor(beta, [episodes.Count, t], device: device) * kl * mask).sum() / count;
        }
        double entropy;
        using (no_grad()) entropy = ((LogProbs.Entropy(logits) * mask).sum() / count).item<float>();
        double lr = _cfg.Optim.LrAt(step, _cfg.TotalSteps);
        foreach (var g in _opt.ParamGroups) g.LearningRate = lr;
        _opt.zero_grad();
        loss.backward();
        double gradNorm = nn.utils.clip_grad_norm_(_policy.parameters().Where(p => p.requires_grad), _cfg.Optim.GradClip);
        _opt.step();
        double updateSeconds = clock.Elapsed.TotalSeconds;

        int n = rollouts.Count;
        long tokens = episodes.Sum(e => (long)e.Ids.Length);
        return new Dictionary<string, double>
        {
            ["step"] = step + 1,
            ["reward_t1"] = rewards.Average(r => r.Item1),
            ["reward_t2"] = attempts > 1 ? rewards.Average(r => r.Item2) : double.NaN,
            ["kl_t1"] = seqKl[0] / n,
            ["kl_t2"] = attempts > 1 ? seqKl[1] / n : double.NaN,
            ["flip_i_to_c"] = attempts > 1 ? rewards.Count(r => r.Item1 == 0 && r.Item2 > 0) / (double)n : 0,
            ["flip_c_to_i"] = attempts > 1 ? rewards.Count(r => r.Item1 > 0 && r.Item2 == 0) / (double)n : 0,
            ["entropy"] = entropy,
            ["loss"] = loss.item<float>(),
            ["grad_norm"] = gradNorm,
            ["lr"] = lr,
            ["guard_holding"] = holdAttemptOne ? 1 : 0,
            ["tokens_per_s"] = tokens / (sampleSeconds + updateSeconds),
            ["sample_s"] = sampleSeconds,
            ["update_s"] = updateSeconds,
        };
    }
}
