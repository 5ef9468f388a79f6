using System.Collections.Concurrent;

namespace SelfCorrect.Text;

/// <summary>A byte-pair-encoding model: a word starts as single characters, and the adjacent pair
/// with the lowest merge rank is merged until no ranked pair is left.</summary>
public sealed class BpeModel
{
    const int MaxCachedWords = 200_000;

    readonly Dictionary<string, int> _vocab;
    readonly Dictionary<(int Left, int Right), (int Rank, int Merged)> _merges;
    readonly bool _ignoreMerges;
    readonly int? _unkId;
    readonly ConcurrentDictionary<string, int[]> _cache = new();

    /// <param name="vocab">token → id</param>
    /// <param name="merges">pairs of tokens in priority order (rank = index)</param>
    /// <param name="ignoreMerges">a word that is itself in the vocabulary is one token, whatever the merges say</param>
    /// <param name="unkToken">token for characters outside the vocabulary; without one they are dropped</param>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges,
        bool ignoreMerges = false, string? unkToken = null)
    {
        _vocab = vocab;
        _ignoreMerges = ignoreMerges;
        _unkId = unkToken is not null && vocab.TryGetValue(unkToken, out int unk) ? unk : null;
        _merges = new Dictionary<(int, int), (int, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out int l) || !vocab.TryGetValue(right, out int r))
                throw new UserError($"BPE merge #{rank} '{left} {right}' names a token missing from the vocabulary");
            if (!vocab.TryGetValue(left + right, out int merged))
                throw new UserError($"BPE merge #{rank} '{left} {right}' makes a token missing from the vocabulary");
            _merges.TryAdd((l, r), (rank, merged));
        }
    }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Token ids of one pre-tokenized word. Results are cached per word.</summary>
    public int[] Tokenize(string word)
    {
        if (_cache.TryGetValue(word, out var cached)) return cached;
        var ids = _ignoreMerges && _vocab.TryGetValue(word, out int whole) ? [whole] : Merge(word);
        if (_cache.Count >= MaxCachedWords) _cache.Clear();
        _cache[word] = ids;
        return ids;
    }

    int[] Merge(string word)
    {
        // Symbols form a linked list over an array; merging marks the right one dead.
        var ids = new List<int>(word.Length);
        for (int i = 0; i < word.Length;)
        {
            int len = char.IsSurrogatePair(word, i) ? 2 : 1;
            if (_vocab.TryGetValue(word.Substring(i, len), out int charId)) ids.Add(charId);
            else if (_unkId is int unk) ids.Add(unk);
            i += len;
        }
        int n = ids.Count;
        if (n < 2) return [.. ids];

        var id = ids.ToArray();
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++) { next[i] = i + 1; prev[i] = i - 1; alive[i] = true; }

        // Candidate merges ordered by rank, then by position (leftmost first).
        var queue = new PriorityQueue<(int Pos, int Left, int Right), (int Rank, int Pos)>();
        void Offer(int pos)
        {
            int right = next[pos];
            if (right < n && _merges.TryGetValue((id[pos], id[right]), out var m))
                queue.Enqueue((pos, id[pos], id[right]), (m.Rank, pos));
        }
        for (int i = 0; i < n - 1; i++) Offer(i);

        while (queue.TryDequeue(out var c, out _))
        {
            int right = next[c.Pos];
            // Skip candidates made stale by an earlier merge.
            if (!alive[c.Pos] || right >= n || id[c.Pos] != c.Left || id[right] != c.Right) continue;
            id[c.Pos] = _merges[(c.Left, c.Right)].Merged;
            alive[right] = false;
            next[c.Pos] = next[right];
            if (next[right] < n) prev[next[right]] = c.Pos;
            if (prev[c.Pos] >= 0) Offer(prev[c.Pos]);
            Offer(c.Pos);
        }

        var result = new List<int>();
        for (int i = 0; i < n; i = next[i]) result.Add(id[i]);
        return [.. result];
    }
}
