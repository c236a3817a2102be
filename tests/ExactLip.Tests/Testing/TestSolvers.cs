using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;
using Xunit;

namespace ExactLip.Tests;

/// <summary>Back ends for tests: a missing library skips the test with a visible reason.</summary>
public static class TestSolvers
{
    /// <summary>The back ends that CI always has.</summary>
    public static TheoryData<string> Always => new() { "cbc", "glpk" };

    public static IMipSolver Get(string name)
    {
        try
        {
            return SolverRegistry.Create(name);
        }
        catch (SolverUnavailableException e)
        {
            Assert.Skip($"{name} is not installed here: {e.Message}");
            throw;
        }
    }
}
