namespace SelfCorrect.Text.Jinja;

/// <summary>A template that does not parse, or fails while rendering (including raise_exception).</summary>
public sealed class JinjaError(string message) : Exception(message);
