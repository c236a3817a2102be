using ExactLip.Core;
using ExactLip.Solvers.Highs;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>A HiGHS option it does not know, or a value it refuses, fails the back end with the option's name.</summary>
public class HighsCallTests
{
    [Fact]
    public void SetOption_UnknownName_FailsNamingTheOption()
    {
        TestSolvers.Get("highs");
        using var highs = HighsHandle.Create();

        var act = () => HighsCall.SetOption(highs, "mip_feasibility_tolerence", 1e-7);

        act.Should().Throw<SolverFailedException>().WithMessage("HiGHS rejected the option mip_feasibility_tolerence = 1E-07 (status -1).");
    }

    [Fact]
    public void SetOption_ValueOfTheWrongType_Fails()
    {
        TestSolvers.Get("highs");
        using var highs = HighsHandle.Create();

        var act = () => HighsCall.SetOption(highs, "presolve", 1.0);

        act.Should().Throw<SolverFailedException>().Which.Message.Should().Contain("presolve");
    }

    [Fact]
    public void SetOption_EveryOptionTheBindingSets_IsAccepted()
    {
        TestSolvers.Get("highs");
        using var highs = HighsHandle.Create();

        var act = () =>
        {
            HighsCall.SetOption(highs, "mip_feasibility_tolerance", 1e-7);
            HighsCall.SetOption(highs, "mip_min_logging_interval", 0.5);
            HighsCall.SetOption(highs, "simplex_strategy", 4);
            HighsCall.SetOption(highs, "log_to_console", false);
            HighsCall.SetOption(highs, "presolve", "off");
        };

        act.Should().NotThrow();
    }
}
