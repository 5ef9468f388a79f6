namespace SelfCorrect;

/// <summary>An error caused by the user's input (bad option, missing file, corrupt checkpoint).
/// The CLI prints its message as one line and exits non-zero, without a stack trace.</summary>
public sealed class UserError(string message) : Exception(message);
