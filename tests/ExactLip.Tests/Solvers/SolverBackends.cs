using ExactLip.Solvers;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>The back ends every conformance test runs against (each obtained through <see cref="TestSolvers.Get"/>).</summary>
public static class SolverBackends
{
    public static TheoryData<string> Names => new(SolverRegistry.Names);
}
