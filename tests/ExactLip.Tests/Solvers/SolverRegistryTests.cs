using ExactLip.Core;
using ExactLip.Solvers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

public class SolverRegistryTests
{
    [Fact]
    public void List_NamesEveryBackendStrongestFirst_WithVersionAndPathWhenAvailable()
    {
        var list = SolverRegistry.List();

        list.Select(s => s.Name).Should().Equal("highs", "scip", "cbc", "glpk");
        foreach (var s in list)
        {
            if (s.IsAvailable)
            {
                s.Version.Should().NotBeNullOrWhiteSpace();
                s.LibraryPath.Should().NotBeNullOrWhiteSpace();
                s.Reason.Should().BeNull();
            }
            else if (s.Name is "cbc" or "glpk")
            {
                s.Reason.Should().Contain("apt-get install");
            }
            else
            {
                s.Reason.Should().Contain($"EXACTLIP_{s.Name.ToUpperInvariant()}_LIBRARY").And.EndWith(".");
            }
        }
    }

    [Fact]
    public void Create_Auto_PicksFirstAvailable()
    {
        var first = SolverRegistry.List().FirstOrDefault(s => s.IsAvailable);
        if (first is null)
        {
            Assert.Skip("No MIP solver library is installed.");
        }

        SolverRegistry.Create("auto").Name.Should().Be(first.Name);
        SolverRegistry.Create(" AUTO ").Name.Should().Be(first.Name);
    }

    [Fact]
    public void Create_UnknownName_ThrowsOneClearSentence()
    {
        var act = () => SolverRegistry.Create("gurobi");

        act.Should().Throw<ExactLipException>().WithMessage("Unknown solver 'gurobi': choose highs, scip, cbc, glpk or auto.");
    }

    [Theory]
    [InlineData("highs")]
    [InlineData("scip")]
    public void Create_MissingLibrary_SaysWhatWasLookedForAndHowToInstall(string name)
    {
        var info = SolverRegistry.List().Single(s => s.Name == name);
        if (info.IsAvailable)
        {
            Assert.Skip($"{name} is installed here ({info.LibraryPath}); the missing-library message is checked where it is absent (and by the CLI cases).");
        }

        var act = () => SolverRegistry.Create(name);

        var message = act.Should().Throw<SolverUnavailableException>().Which.Message;
        message.Should().Contain(name == "highs" ? "libhighs.so.1" : "libscip.so.9");
        message.Should().Contain("conda-forge").And.Contain($"EXACTLIP_{name.ToUpperInvariant()}_LIBRARY");
        message.TrimEnd('.').Should().NotContain(". ", "it is one sentence");
    }
}
