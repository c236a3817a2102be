using ExactLip.Solvers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>The bounds a HiGHS or SCIP callback keeps: monotone, "none yet" ignored, dual never reported below primal.</summary>
public class SearchBoundsTests
{
    [Fact]
    public void Observe_KeepsTheBestOfEachBound_AndIgnoresTheSolversInfinity()
    {
        var bounds = new SearchBounds();

        bounds.Observe(3, 1e20, -1e20, 1e20).Should().BeFalse("±infinity means no bound yet");
        bounds.Primal.Should().BeNull();
        bounds.Dual.Should().BeNull();
        bounds.Nodes.Should().Be(3);

        bounds.Observe(5, 2.0, 10.0, 1e20).Should().BeTrue();
        bounds.Observe(4, 1.5, 12.0, 1e20).Should().BeFalse("a worse incumbent is no improvement");
        (bounds.Primal, bounds.Dual, bounds.Nodes).Should().Be((2.0, 10.0, 5L));

        bounds.Observe(null, 2.5, 9.0, 1e20).Should().BeTrue();
        (bounds.Primal, bounds.Dual, bounds.Nodes).Should().Be((2.5, 9.0, 5L));
    }

    [Fact]
    public void ReportedDual_IsNeverBelowThePrimalBound()
    {
        var bounds = new SearchBounds();
        bounds.Observe(0, null, 4.0, 1e20);
        bounds.ReportedDual.Should().Be(4.0);

        // A solver's rounding can leave its dual bound a hair under the incumbent.
        bounds.Observe(0, 4.0 + 1e-12, null, 1e20);
        bounds.ReportedDual.Should().Be(4.0 + 1e-12);
        bounds.Dual.Should().Be(4.0);
    }
}
