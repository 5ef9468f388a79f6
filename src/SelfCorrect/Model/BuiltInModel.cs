namespace SelfCorrect.Model;

/// <summary>The small Qwen2-style model trained from scratch on the built-in tasks.</summary>
public static class BuiltInModel
{
    public static ModelConfig Config(int vocabSize, int hidden = 128, int layers = 4, int heads = 4, int kvHeads = 2, int maxPositions = 256) => new()
    {
        Architectures = ["Qwen2ForCausalLM"],
        ModelType = "qwen2",
        VocabSize = vocabSize,
        HiddenSize = hidden,
        IntermediateSize = hidden * 3,
        NumHiddenLayers = layers,
        NumAttentionHeads = heads,
        NumKeyValueHeads = kvHeads,
        MaxPositionEmbeddings = maxPositions,
        RopeTheta = 10000,
        RmsNormEps = 1e-6,
        TieWordEmbeddings = true,
        TorchDtype = "float32",
    };
}
