using System.Text;

namespace SelfCorrect.Text;

/// <summary>tokenizer.json's normalizer: rewrites plain text before pre-tokenization.</summary>
public abstract record Normalizer
{
    public abstract string Apply(string text);

    public sealed record Unicode(NormalizationForm Form) : Normalizer
    {
        public override string Apply(string text) => text.IsNormalized(Form) ? text : text.Normalize(Form);
    }

    public sealed record Lowercase : Normalizer
    {
        public override string Apply(string text) => text.ToLowerInvariant();
    }

    public sealed record Sequence(IReadOnlyList<Normalizer> Steps) : Normalizer
    {
        public override string Apply(string text) => Steps.Aggregate(text, (t, step) => step.Apply(t));
    }
}
