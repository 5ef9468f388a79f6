using SelfCorrect.Checkpoints;
using SelfCorrect.Sandbox;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Tasks.Code;

namespace SelfCorrect.Training;

/// <summary>
/// A task a built-in (character) model is trained and evaluated on, chosen by <see cref="CheckpointInfo.Task"/>:
/// "arithmetic" (generated sums, checked by value) or "code" (the tiny programs of <see cref="CodeTask"/>, checked by
/// running them in a <see cref="PythonSandbox"/>, which this object owns).
/// </summary>
public sealed class BuiltInTask : IDisposable
{
    public const string Arithmetic = "arithmetic", Code = "code";
    public static IReadOnlyList<string> Names { get; } = [Arithmetic, Code];
    const int ArithmeticTrainProblems = 20_000;

    readonly Func<int, int, Split, IReadOnlyList<Problem>> _generate;
    readonly PythonSandbox? _sandbox;

    BuiltInTask(string name, string instruction, int attemptBudget, IVerifier verifier, Func<int, int, Split, IReadOnlyList<Problem>> generate,
        int trainProblems, int? testSplitSize, PythonSandbox? sandbox)
    {
        (Name, Instruction, AttemptBudget, Verifier, _generate, _sandbox) = (name, instruction, attemptBudget, verifier, generate, sandbox);
        (TrainProblems, TestSplitSize) = (trainProblems, testSplitSize);
    }

    public string Name { get; }
    /// <summary>The correction instruction p1 shown between attempts.</summary>
    public string Instruction { get; }
    /// <summary>Tokens one attempt may write.</summary>
    public int AttemptBudget { get; }
    public IVerifier Verifier { get; }
    /// <summary>How many training problems a run draws its prompts from (the code task: its whole train split).</summary>
    public int TrainProblems { get; }
    /// <summary>How many distinct test problems the task has; null when it generates without limit.</summary>
    public int? TestSplitSize { get; }

    /// <summary>Seeded problems of a split.</summary>
    public IReadOnlyList<Problem> Generate(int seed, int count, Split split) => _generate(seed, count, split);

    /// <summary>The lower-case name of a built-in task; a UserError for an unknown one.</summary>
    public static string Canonical(string task)
    {
        var name = task.Trim().ToLowerInvariant();
        return Names.Contains(name) ? name : throw new UserError($"unknown task '{task}' (built-in models know: {string.Join(", ", Names)})");
    }

    /// <summary>The task a checkpoint was trained on; <paramref name="arithmetic"/> replaces the checkpoint's arithmetic settings.</summary>
    public static BuiltInTask For(CheckpointInfo info, ArithmeticConfig? arithmetic = null)
    {
        switch (Canonical(info.Task))
        {
            case Arithmetic:
                var config = arithmetic ?? info.Arithmetic ?? new ArithmeticConfig();
                config.Validate();
                var generator = new ArithmeticTask(config);
                return new BuiltInTask(Arithmetic, config.Instruction, config.AttemptBudget, new ArithmeticVerifier(),
                    (seed, count, split) => generator.Generate(seed, count, split), ArithmeticTrainProblems, null, null);
            default:
                var code = info.Code ?? new TinyCodeConfig();
                code.Validate();
                var sandbox = new PythonSandbox();
                int testSize = CodeTask.All().Count(p => CodeTask.SplitOf(p) == Split.Test);
                return new BuiltInTask(Code, code.Instruction, code.AttemptBudget, new CodeVerifier(sandbox),
                    (seed, count, split) => CodeTask.Generate(seed, count, split), CodeTask.All().Count() - testSize, testSize, sandbox);
        }
    }

    public void Dispose() => _sandbox?.Dispose();
}
