using System.Text.RegularExpressions;

namespace SelfCorrect.Text;

/// <summary>tokenizer.json's pre_tokenizer: cuts plain text into words, which BPE encodes one by one.</summary>
public abstract record PreTokenizer
{
    public abstract List<string> Apply(List<string> words);

    /// <summary>How Split treats the pieces its pattern matches.</summary>
    public enum SplitBehavior { Isolated, Removed, MergedWithPrevious, MergedWithNext }

    /// <summary>Splits each word on a regex; with invert, the pattern matches the words instead.</summary>
    public sealed record Split(CodePointRegex Pattern, SplitBehavior Behavior, bool Invert = false) : PreTokenizer
    {
        public override List<string> Apply(List<string> words)
        {
            var result = new List<string>();
            foreach (var word in words) SplitWord(word, result);
            return result;
        }

        void SplitWord(string word, List<string> result)
        {
            // Spans of the word alternate between matched and unmatched text.
            var spans = new List<(int Start, int End, bool Matched)>();
            int last = 0;
            foreach (var (start, end) in Pattern.Matches(word))
            {
                if (start > last) spans.Add((last, start, Invert));
                spans.Add((start, end, !Invert));
                last = end;
            }
            if (last < word.Length) spans.Add((last, word.Length, Invert));

            int pendingStart = -1; // start of a matched span waiting to be merged with the next one
            for (int i = 0; i < spans.Count; i++)
            {
                var (start, end, matched) = spans[i];
                switch (Behavior)
                {
                    case SplitBehavior.Isolated:
                        result.Add(word[start..end]);
                        break;
                    case SplitBehavior.Removed:
                        if (!matched) result.Add(word[start..end]);
                        break;
                    case SplitBehavior.MergedWithPrevious:
                        if (matched && result.Count > 0 && i > 0) result[^1] += word[start..end];
                        else result.Add(word[start..end]);
                        break;
                    case SplitBehavior.MergedWithNext:
                        if (pendingStart < 0) pendingStart = start;
                        if (!matched || i == spans.Count - 1)
                        {
                            result.Add(word[pendingStart..end]);
                            pendingStart = -1;
                        }
                        break;
                }
            }
        }
    }

    /// <summary>GPT-2's byte-level step: optionally a leading space and the GPT-2 split, then each
    /// word's UTF-8 bytes as byte-level characters.</summary>
    public sealed record ByteLevelStep(bool AddPrefixSpace, bool UseRegex) : PreTokenizer
    {
        static readonly Split Gpt2Split = new(new CodePointRegex(new Regex(
            @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
            RegexOptions.Compiled | RegexOptions.CultureInvariant)), SplitBehavior.Isolated);

        public override List<string> Apply(List<string> words)
        {
            if (AddPrefixSpace) words = words.Select(w => w.StartsWith(' ') ? w : " " + w).ToList();
            if (UseRegex) words = Gpt2Split.Apply(words);
            return words.Select(ByteLevel.Encode).ToList();
        }
    }

    public sealed record Sequence(IReadOnlyList<PreTokenizer> Steps) : PreTokenizer
    {
        public override List<string> Apply(List<string> words) => Steps.Aggregate(words, (w, step) => step.Apply(w));
    }
}
