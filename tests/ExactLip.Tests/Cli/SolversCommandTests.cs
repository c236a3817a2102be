using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// exactlip solvers: one line per back end saying whether its library loads (with version and
/// file) or how to install it, and which back end --solver auto picks.
/// </summary>
public sealed class SolversCommandTests
{
    private static readonly string[] Backends = ["highs", "scip", "cbc", "glpk"];

    [Fact]
    public void Lists_every_back_end_and_the_auto_pick_in_preference_order()
    {
        var result = ExactLipProcess.Run("solvers");

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = Lines(result.Stdout);
        lines.Keys.Should().BeEquivalentTo(Backends.Append("auto"));

        // Every back end that should be here is listed as available with the file it loaded.
        foreach (var name in Backends.Where(TestSolvers.Expected))
        {
            var line = lines[name];
            line.Should().Contain("available");
            var file = line[(line.LastIndexOf('(') + 1)..line.LastIndexOf(')')];
            File.Exists(file).Should().BeTrue($"the {name} line names the library file it loaded: {line}");
        }

        foreach (var name in Backends.Where(b => lines[b].Contains("missing", StringComparison.Ordinal)))
        {
            lines[name].Should().Contain("install", $"a missing back end says how to install it: {lines[name]}");
        }

        var first = Backends.First(b => lines[b].Contains("available", StringComparison.Ordinal));
        lines["auto"].Should().Contain($"picks {first}");
    }

    [Fact]
    public void A_library_path_that_does_not_load_marks_the_back_end_missing_and_auto_moves_on()
    {
        using var tmp = new TempFolder();
        var notALibrary = tmp.File("libglpk.so.40");
        File.WriteAllText(notALibrary, "not a shared library");
        var environment = new Dictionary<string, string>
        {
            ["EXACTLIP_HIGHS_LIBRARY"] = notALibrary,
            ["EXACTLIP_SCIP_LIBRARY"] = notALibrary,
            ["EXACTLIP_CBC_LIBRARY"] = notALibrary,
        };

        var result = ExactLipProcess.Run(environment, "solvers");

        result.ExitCode.Should().Be(0, result.ToString());
        var lines = Lines(result.Stdout);
        foreach (var name in new[] { "highs", "scip", "cbc" })
        {
            lines[name].Should().Contain("missing", $"{name} was pointed at a file that is not its library");
        }

        lines["glpk"].Should().Contain("available");
        lines["auto"].Should().Contain("picks glpk");
    }

    private static Dictionary<string, string> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(l => l.Split(' ', 2)[0], l => l);
}
