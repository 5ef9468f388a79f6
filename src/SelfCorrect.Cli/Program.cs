using System.CommandLine;
using SelfCorrect;
using SelfCorrect.Cli.Commands;

var root = new RootCommand("SelfCorrect: train language models to correct their own mistakes (SCoRe).");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (UserErrors.Unwrap(e) is { } error)
{
    Console.Error.WriteLine("error: " + error.Message);
    return 2;
}
