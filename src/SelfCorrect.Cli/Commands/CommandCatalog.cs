using System.CommandLine;

namespace SelfCorrect.Cli.Commands;

/// <summary>Every subcommand of the selfcorrect tool. Each lives in its own file as a static Build().</summary>
static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        PretrainCommand.Build(),
        EvalCommand.Build(),
        LogitsCommand.Build(),
        BenchCommand.Build(),
        TrainCommand.Build(),
        ReproduceCommand.Build(),
        TokenizeCommand.Build(),
        SamplesCommand.Build(),
    ];
}
