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
                File.Exists(s.LibraryPath).Should().BeTrue($"{s.Name} names the file it loaded: {s.LibraryPath}");
                s.Reason.Should().BeNull();
            }
            else
            {
                TestSolvers.Expected(s.Name).Should().BeFalse($"{s.Name} should be available here: {s.Reason}");
                s.Reason.Should().Contain($"EXACTLIP_{s.Name.ToUpperInvariant()}_LIBRARY").And.EndWith(".");
            }
        }
    }

    [Theory]
    [InlineData("highs", "libhighs.so.1", "1.12.0")]
    [InlineData("scip", "libscip.so.10.0", "10.0.0")]
    [InlineData("cbc", "libCbcSolver.so.2", "2.10.12")]
    public void List_LoadsTheLibraryTheBuildCopiedBesideTheAssemblies(string name, string file, string version)
    {
        // Unless a variable names another file, the copy from the OR-Tools runtime package wins
        // over whatever the loader path holds (Debian's CBC 2.10.8 among them).
        if (!TestSolvers.Expected(name))
        {
            Assert.Skip($"The build ships {file} only on Linux x64.");
        }

        if (Environment.GetEnvironmentVariable($"EXACTLIP_{name.ToUpperInvariant()}_LIBRARY") is { Length: > 0 } named)
        {
            Assert.Skip($"EXACTLIP_{name.ToUpperInvariant()}_LIBRARY names {named} for this run.");
        }

        var info = SolverRegistry.List().Single(s => s.Name == name);

        info.IsAvailable.Should().BeTrue(info.Reason);
        info.LibraryPath.Should().Be(Path.Combine(AppContext.BaseDirectory, file));
        info.Version.Should().Be(version);
    }

    [Fact]
    public void Create_Auto_PicksFirstAvailable()
    {
        var first = SolverRegistry.List().First(s => s.IsAvailable);
        if (TestSolvers.Expected("highs"))
        {
            first.Name.Should().Be("highs");
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
}
