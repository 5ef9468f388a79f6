using SelfCorrect.Sandbox;

namespace SelfCorrect.Tasks.Code;

/// <summary>Rewards a completion 1 when the program extracted from it passes every test in the sandbox.
/// Status is the sandbox's word (passed, failed, timeout, memory, crashed, output-limit) or "malformed" for a
/// completion with no program; Detail holds the reason and the first lines of stderr.</summary>
public sealed class CodeVerifier(PythonSandbox sandbox) : IVerifier
{
    private const int MaxDetailChars = 800;

    public Verdict Check(Problem problem, string completion) => CheckAll([(problem, completion)])[0];

    /// <summary>Runs the programs with the sandbox's bounded concurrency; verdicts in input order.</summary>
    public IReadOnlyList<Verdict> CheckAll(IReadOnlyList<(Problem Problem, string Completion)> items)
    {
        var programs = items.Select(i => Extract(i.Problem, i.Completion)).ToList();
        var toRun = Enumerable.Range(0, items.Count).Where(i => programs[i].Length > 0).ToList();
        var results = sandbox.RunAll(toRun.Select(i =>
        {
            var code = AsCode(items[i].Problem);
            return new SandboxJob(programs[i], code.Tests, code.EntryPoint);
        }).ToList());
        var verdicts = programs.Select(p => new Verdict(0, p, "malformed", "no program in the completion")).ToArray();
        for (var k = 0; k < toRun.Count; k++) verdicts[toRun[k]] = ToVerdict(programs[toRun[k]], results[k]);
        return verdicts;
    }

    public static Verdict ToVerdict(string program, SandboxResult result)
    {
        var detail = string.Join('\n', new[] { result.Detail, result.StderrHead }.Where(s => !string.IsNullOrEmpty(s)));
        if (detail.Length > MaxDetailChars) detail = detail[..MaxDetailChars];
        return new Verdict(result.Passed ? 1 : 0, program, result.Status.ToWord(), detail.Length == 0 ? null : detail);
    }

    private static string Extract(Problem problem, string completion)
    {
        var code = AsCode(problem);
        var program = ProgramExtractor.Extract(completion, code.CodePrefix, code.EntryPoint);
        return string.IsNullOrWhiteSpace(program) ? "" : program;
    }

    private static CodeProblem AsCode(Problem problem) => problem as CodeProblem
        ?? throw new ArgumentException($"problem {problem.Id} is not a code problem", nameof(problem));
}
