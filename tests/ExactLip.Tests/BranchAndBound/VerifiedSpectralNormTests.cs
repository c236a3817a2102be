using ExactLip.BranchAndBound;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>The proven spectral-norm bound of a closed sub-domain against hand-derived norms.</summary>
public class VerifiedSpectralNormTests
{
    [Fact]
    public void UpperBound_DiagonalMatrix_IsItsLargestEntry_ProvenFromTheEstimate()
    {
        // ‖diag(3, 4)‖₂ = 4.
        var j = new[] { new[] { 3.0, 0 }, new[] { 0, 4.0 } };
        var none = new[] { new double[2], new double[2] };

        VerifiedSpectralNorm.UpperBound(j, none, 4).Should().BeInRange(4, 4 * (1 + 1e-11));
    }

    [Fact]
    public void UpperBound_EstimateBelowTheNorm_IsNotProven()
    {
        // [[1, 1], [1, 1]] has norm 2; an estimate of 1.9 cannot be widened to it.
        var j = new[] { new[] { 1.0, 1 }, new[] { 1.0, 1 } };
        var none = new[] { new double[2], new double[2] };

        VerifiedSpectralNorm.UpperBound(j, none, 1.9).Should().BeNull();
        VerifiedSpectralNorm.UpperBound(j, none, 2).Should().BeInRange(2, 2 * (1 + 1e-11));
    }

    [Fact]
    public void UpperBound_Radius_AddsAtLeastItsFrobeniusNorm()
    {
        // ‖[[3, 4]]‖₂ = 5; a radius of 0.3 and 0.4 has Frobenius norm 0.5, and J = [[3.3, 4.4]] in
        // the box has norm 5.5, which the bound must cover.
        var j = new[] { new[] { 3.0, 4 } };
        var radius = new[] { new[] { 0.3, 0.4 } };

        VerifiedSpectralNorm.UpperBound(j, radius, 5).Should().BeInRange(5.5, 5.5 * (1 + 1e-11));
    }
}
