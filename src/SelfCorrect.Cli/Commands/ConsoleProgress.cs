using Spectre.Console;

namespace SelfCorrect.Cli.Commands;

/// <summary>Progress bars with elapsed time and ETA (Spectre.Console), on stderr so stdout stays clean for data.</summary>
static class ConsoleProgress
{
    static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static T Run<T>(string title, Func<Action<string, double, double>, T> work)
    {
        T result = default!;
        Err.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work((name, value, max) =>
                {
                    if (!tasks.TryGetValue(name, out var t)) tasks[name] = t = ctx.AddTask($"{title}: {name}", maxValue: Math.Max(1, max));
                    t.MaxValue = Math.Max(1, max);
                    t.Value = Math.Min(value, t.MaxValue);
                });
                foreach (var t in tasks.Values) t.Value = t.MaxValue;
            });
        return result;
    }

    public static void Line(string text) => Err.MarkupLineInterpolated($"{text}");
}
