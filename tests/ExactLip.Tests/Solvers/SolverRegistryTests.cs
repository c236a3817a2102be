using ExactLip.Core;
using ExactLip.Solvers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

public class SolverRegistryTests
{
    [Fact]
    public void List_NamesCbcThenGlpk_WithVersionAndPathWhenAvailable()
    {
        var list = SolverRegistry.List();

        list.Select(s => s.Name).Should().Equal("cbc", "glpk");
        foreach (var s in list)
        {
            if (s.IsAvailable)
            {
                s.Version.Should().NotBeNullOrWhiteSpace();
                s.LibraryPath.Should().NotBeNullOrWhiteSpace();
                s.Reason.Should().BeNull();
            }
            else
            {
                s.Reason.Should().Contain("apt-get install");
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

        act.Should().Throw<ExactLipException>().WithMessage("Unknown solver 'gurobi': choose cbc, glpk or auto.");
    }
}
