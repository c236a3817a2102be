using ExactLip.Mip.Solving;
using ExactLip.Solvers;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>The back ends every conformance test runs against; a missing library is a visible skip.</summary>
public static class SolverBackends
{
    public static TheoryData<string> Names => new(SolverRegistry.Names);

    public static IMipSolver CreateOrSkip(string name)
    {
        var info = SolverRegistry.List().Single(s => s.Name == name);
        if (!info.IsAvailable)
        {
            Assert.Skip($"{name} not installed: {info.Reason}");
        }

        return SolverRegistry.Create(name);
    }
}
