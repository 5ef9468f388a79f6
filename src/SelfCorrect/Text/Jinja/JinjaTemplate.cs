namespace SelfCorrect.Text.Jinja;

/// <summary>A parsed Jinja template, rendered the way transformers renders chat templates.</summary>
public sealed class JinjaTemplate
{
    readonly IReadOnlyList<Node> _program;

    public JinjaTemplate(string source) => _program = Parser.Parse(source);

    /// <summary>Renders with the given variables (plain .NET values: strings, numbers, bools, lists,
    /// dictionaries). now is the clock behind strftime_now (default: the current local time).</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, Func<DateTime>? now = null) =>
        Interpreter.Render(_program, Builtins.Globals(now ?? (() => DateTime.Now)), variables);
}
