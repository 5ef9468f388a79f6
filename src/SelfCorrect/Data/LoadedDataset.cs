using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Data;

/// <summary>The problems of a data file, in file order, and the lines skipped (empty unless skipping was allowed).</summary>
public sealed record LoadedDataset(IReadOnlyList<MathProblem> Problems, IReadOnlyList<BadLine> BadLines);
