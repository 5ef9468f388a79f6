using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Generation;

/// <summary>
/// Batched autoregressive sampling with a KV cache. Ragged prompts are left-padded; padding is
/// masked out of attention and positions count only real tokens, so a prompt's result does not
/// depend on what else is in the batch.
/// </summary>
public sealed class BatchGenerator(CausalLM model, IReadOnlyList<int> eosIds, int padId)
{
    public GenerationResult Generate(IReadOnlyList<IReadOnlyList<int>> prompts, SamplingOptions options, TorchSharp.torch.Generator? rng = null)
    {
        options.Validate();
        if (prompts.Count == 0) return new([], [], []);
        if (prompts.Any(p => p.Count == 0)) throw new ArgumentException("every prompt needs at least one token");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        int b = prompts.Count, p = prompts.Max(x => x.Count), capacity = p + options.MaxNewTokens;

        var ids = new long[b * p];
        var valid = new bool[b * capacity];
        for (int i = 0; i < b; i++)
        {
            int pad = p - prompts[i].Count;
            for (int j = 0; j < p; j++)
            {
                ids[i * p + j] = j < pad ? padId : prompts[i][j - pad];
                valid[i * capacity + j] = j >= pad;
            }
            for (int j = p; j < capacity; j++) valid[i * capacity + j] = true;
        }
        var input = tensor(ids, [b, p], device: device);
        var keyValid = tensor(valid, [b, capacity], device: device);
        var promptValid = keyValid.narrow(1, 0, p);
        var positions = (promptValid.to(int64).cumsum(1) - 1).clamp_min(0);
        var mask = Masks.Causal(promptValid, p);

        using var cache = new KvCache(model.Config, b, capacity, model.parameters().First().dtype, device);
        var eos = tensor(eosIds.Select(e => (long)e).ToArray(), device: device);
        var tokens = new List<Tensor>();
        var logps = new List<Tensor>();
        var finished = zeros(b, @bool, device);
        var alive = new List<Tensor>();
        var logits = model.Forward(input, positions, mask, cache).select(1, -1);
        var lastPos = positions.select(1, -1);
        for (int step = 0; step < options.MaxNewTokens; step++)
        {
            using var stepScope = NewDisposeScope();
            var logp = logits.log_softmax(-1);
            var next = Pick(logits, options, rng);                    // [B]
            var nextLogp = logp.gather(1, next.unsqueeze(1)).squeeze(1);
            alive.Add((~finished).MoveToOuterDisposeScope());
            tokens.Add(next.masked_fill(finished, padId).MoveToOuterDisposeScope());
            logps.Add(nextLogp.masked_fill(finished, 0).MoveToOuterDisposeScope());
            finished = (finished | isin(next, eos)).MoveToOuterDisposeScope();
            if (finished.all().item<bool>() || step == options.MaxNewTokens - 1) break;
            lastPos = (lastPos + 1).MoveToOuterDisposeScope();
            var stepMask = keyValid.narrow(1, 0, cache.Length + 1).view(b, 1, 1, cache.Length + 1);
            logits = model.Forward(next.unsqueeze(1), lastPos.unsqueeze(1), stepMask, cache).select(1, -1).MoveToOuterDisposeScope();
        }
        return Collect(tokens, logps, alive, finished, b);
    }

    static Tensor Pick(Tensor logits, SamplingOptions o, TorchSharp.torch.Generator? rng)
    {
        if (o.Greedy) return logits.argmax(-1);
        var probs = (logits / o.Temperature).softmax(-1);
        if (o.TopP < 1.0)
        {
            var (sorted, index) = probs.sort(-1, descending: true);
            var cum = sorted.cumsum(-1);
            sorted = sorted.masked_fill(cum - sorted > o.TopP, 0);  // keep the smallest prefix whose mass reaches top-p
            var pick = multinomial(sorted / sorted.sum(-1, keepdim: true), 1, generator: rng);
            return index.gather(1, pick).squeeze(1);
        }
        return multinomial(probs, 1, generator: rng).squeeze(1);
    }

    static GenerationResult Collect(List<Tensor> tokens, List<Tensor> logps, List<Tensor> alive, Tensor finished, int b)
    {
        var t = stack(tokens, 1).to(int64).cpu();
        var l = stack(logps, 1).to(float32).cpu();
        var a = stack(alive, 1).cpu();
        long steps = t.shape[1];
        var tk = t.data<long>().ToArray();
        var lp = l.data<float>().ToArray();
        var al = a.data<bool>().ToArray();
        var outTokens = new int[b][];
        var outLogps = new float[b][];
        for (int i = 0; i < b; i++)
        {
            int n = 0;
            while (n < steps && al[i * steps + n]) n++;
            outTokens[i] = new int[n];
            outLogps[i] = new float[n];
            for (int j = 0; j < n; j++) { outTokens[i][j] = (int)tk[i * steps + j]; outLogps[i][j] = lp[i * steps + j]; }
        }
        return new(outTokens, outLogps, finished.cpu().data<bool>().ToArray());
    }
}
