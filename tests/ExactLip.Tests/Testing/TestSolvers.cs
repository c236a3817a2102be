using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;
using Xunit;

namespace ExactLip.Tests;

/// <summary>
/// Back ends for tests. One that should be here and does not load fails the test with the
/// reason, so a broken install cannot pass as a skip: GLPK everywhere (the install script puts
/// it on the machine), HiGHS, SCIP and CBC on Linux x64 (the build copies them beside the
/// tests). Only elsewhere does a missing one skip, with the reason shown.
/// </summary>
public static class TestSolvers
{
    /// <summary>CBC and GLPK: the back ends the engine tests run their LPs and MIPs with.</summary>
    public static TheoryData<string> CbcAndGlpk => new() { "cbc", "glpk" };

    /// <summary>Whether a back end must load where the tests run.</summary>
    public static bool Expected(string name) =>
        name == "glpk" || (OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64);

    public static IMipSolver Get(string name)
    {
        try
        {
            return SolverRegistry.Create(name);
        }
        catch (SolverUnavailableException e) when (!Expected(name))
        {
            Assert.Skip($"{name} is not installed here: {e.Message}");
            throw;
        }
        catch (SolverUnavailableException e)
        {
            Assert.Fail($"{name} should be available here but is not: {e.Message}");
            throw;
        }
    }
}
