using System.CommandLine;
using ExactLip.Solvers;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip solvers</c>: every back end, strongest first, whether it can be used here, its
/// version and the library file it was loaded from, or why it cannot be used.
/// </summary>
public static class SolversCommand
{
    public static Command Create()
    {
        var command = new Command("solvers", "List the MIP back ends, their availability, version and library.");
        command.SetAction(_ =>
        {
            var list = SolverRegistry.List();
            foreach (var info in list)
            {
                Console.Out.WriteLine(info.IsAvailable
                    ? $"{info.Name,-6} available  {info.Version}  ({info.LibraryPath})"
                    : $"{info.Name,-6} {(info.LibraryPath is null ? "missing " : "unusable")}   {info.Reason}");
            }

            var auto = list.FirstOrDefault(s => s.IsAvailable);
            Console.Out.WriteLine(auto is null ? "auto   picks nothing: no back end is installed" : $"auto   picks {auto.Name}");
            return 0;
        });
        return command;
    }
}
