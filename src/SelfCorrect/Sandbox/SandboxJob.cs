namespace SelfCorrect.Sandbox;

/// <summary>One program to run with its tests.</summary>
/// <param name="Program">The untrusted Python program (module source).</param>
/// <param name="Tests">Python source run after the program in the same namespace (asserts, or a <c>check</c> definition).</param>
/// <param name="EntryPoint">When set, the harness calls <c>check(&lt;EntryPoint&gt;)</c> after running <paramref name="Tests"/> (HumanEval style).</param>
public sealed record SandboxJob(string Program, string Tests, string? EntryPoint = null);
