using System.CommandLine;
using System.CommandLine.Invocation;
using ExactLip.Core;

namespace ExactLip.Cli;

/// <summary>
/// The exactlip command line. Errors a user can cause end in one sentence on standard error and
/// exit code 2; anything else is a bug and says so in one line (set EXACTLIP_DEBUG=1 for the
/// stack trace).
/// </summary>
public static class Program
{
    public const int UserError = 2;
    public const int InternalError = 70;

    public static int Main(string[] args)
    {
        var root = new RootCommand("ExactLip: exact local Lipschitz constants of ReLU networks by mixed-integer programming.");
        root.Subcommands.Add(CertifyCommand.Create());
        root.Subcommands.Add(EstimateCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(CheckModelCommand.Create());
        root.Subcommands.Add(SolversCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SplitCommand.Create());
        try
        {
            // Response files are off: "@file.json" is how a vector option names a JSON file.
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
            {
                Console.Error.WriteLine($"error: {CommandLineErrors.Describe(parse)}");
                return UserError;
            }

            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (ExactLipException e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"error: {e.Message}");
            return UserError;
        }
        catch (Exception e)
        {
            Console.Out.Flush();
            Console.Error.WriteLine($"internal error ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("EXACTLIP_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return InternalError;
        }
    }
}
