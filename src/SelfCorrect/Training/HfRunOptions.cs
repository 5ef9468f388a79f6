using SelfCorrect.Model;
using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Training;

/// <summary>What a Hugging Face training run needs besides the <see cref="RlConfig"/>: the model folder, the data,
/// LoRA (or full fine-tuning when null), where the model runs, and the generation budget.</summary>
public sealed record HfRunOptions
{
    /// <summary>A Hugging Face model folder: config.json, safetensors weights, tokenizer.json, a chat template.</summary>
    public required string ModelDir { get; init; }
    /// <summary>math, gsm8k or generic: the data file's layout and the answer checker.</summary>
    public required string Task { get; init; }
    public required string DataPath { get; init; }
    public bool SkipBadLines { get; init; }
    /// <summary>Train LoRA adapters on a frozen base (the base is also the KL reference); null fine-tunes every weight.</summary>
    public LoraConfig? Lora { get; init; }
    /// <summary>With LoRA, also write OUT/merged: the adapters folded into a full Hugging Face checkpoint.</summary>
    public bool Merge { get; init; }
    public string Device { get; init; } = "cpu";
    public string DType { get; init; } = "float32";
    /// <summary>Tokens one attempt may write.</summary>
    public int MaxNewTokens { get; init; } = 512;
    /// <summary>Problems of the data file held out for evaluation during training; default min(50, 10%).</summary>
    public int? HeldOutProblems { get; init; }

    public void Validate()
    {
        MathTasks.Canonical(Task);
        if (MaxNewTokens < 1) throw new UserError("--max-new-tokens must be at least 1");
        if (HeldOutProblems is < 1) throw new UserError("--eval-problems must be at least 1");
        if (Merge && Lora is null) throw new UserError("--merge needs LoRA (--lora-rank); without it OUT/final is already a full checkpoint");
        Lora?.Validate();
    }
}
