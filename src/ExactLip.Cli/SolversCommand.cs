using System.CommandLine;
using ExactLip.Solvers;

namespace ExactLip.Cli;

/// <summary><c>exactlip solvers</c>: every back end, whether it can be used here, and why not.</summary>
public static class SolversCommand
{
    public static Command Create()
    {
        var command = new Command("solvers", "List the MIP back ends, their availability, version and library.");
        command.SetAction(_ =>
        {
            foreach (var info in SolverRegistry.List())
            {
                Console.Out.WriteLine(info.IsAvailable
                    ? $"{info.Name,-6} available  {info.Version}  ({info.LibraryPath})"
                    : $"{info.Name,-6} missing    {info.Reason}");
            }

            return 0;
        });
        return command;
    }
}
