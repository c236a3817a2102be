using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using FluentAssertions;

namespace ExactLip.Tests.Certify;

/// <summary>
/// A three-input network whose Jacobian is also written as a formula in the test, never through
/// the import (the piecewise operators, the residual graphs), certified by both engines — the
/// LipMIP encoding through CBC and branch and bound through GLPK — against region enumeration of
/// the imported network and against the formula: the exact value is at least the formula's
/// largest value on a dense grid, and the formula's value at each certificate's witness is the
/// exact value (a grid can miss a thin region; the witness is proven inside the maximising one).
/// </summary>
public sealed record FormulaNetwork(
    string Name,
    NeuralNetwork Network,
    Func<double[], double[][]> Jacobian,
    Func<double[], bool> NearKink,
    int Grid)
{
    public void CertifiesToTheOracleAndTheFormula()
    {
        var c = new[] { 1.0, -0.5 };
        var quantities = new[]
        {
            (Quantity: LipschitzQuantity.Scalar(Norm.Linf, c), Value: (Func<double[][], double>)(j => LipschitzReference.Scalar(new[] { j }, c, Norm.Linf))),
            (Quantity: LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), Value: (Func<double[][], double>)(j => LipschitzReference.OperatorNorm(j, Norm.Linf, Norm.Linf))),
        };
        var boxes = new[] { new Box(new[] { -1.0, -1, -1 }, new[] { 1.0, 1, 1 }), new Box(new[] { -0.2, 0.1, -0.6 }, new[] { 0.5, 0.4, 0.1 }) };
        foreach (var box in boxes)
        {
            var regions = RegionOracle.RegionJacobians(Network.Simplify(), box);
            foreach (var (quantity, value) in quantities)
            {
                var because = $"{Name} on {box}, {quantity}";
                var reference = regions.Max(value);
                GridMaximum(box, value).Should().BeLessThanOrEqualTo(reference * (1 + 1e-9), because);

                var options = new CertifyOptions(Bounds: BoundsMethod.Crown, Samples: 8, LocalSteps: 8, Seed: 1);
                var mip = new Certifier(TestSolvers.Get("cbc"), options).Run(Network, box, quantity, null, CancellationToken.None);
                OracleAgreement.ShouldAgree(mip, reference, options.Tolerance, $"{because}, mip");
                var bab = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), options, new BranchAndBoundOptions(Workers: 1)).Run(Network, box, quantity, null, CancellationToken.None);
                OracleAgreement.ShouldAgree(bab, reference, options.Tolerance, $"{because}, bab");
                foreach (var cert in new[] { mip, bab })
                {
                    value(Jacobian(cert.Witness.X)).Should().BeApproximately(reference, 1e-9 * Math.Max(1, reference), $"{because}, the witness of {cert.Method}");
                }
            }
        }
    }

    /// <summary>The largest value of the formula's Jacobian over a Grid³ lattice of the box (points near a kink skipped).</summary>
    private double GridMaximum(Box box, Func<double[][], double> value)
    {
        var best = 0.0;
        for (var a = 0; a < Grid; a++)
        {
            for (var b = 0; b < Grid; b++)
            {
                for (var d = 0; d < Grid; d++)
                {
                    var x = new[] { At(box, 0, a), At(box, 1, b), At(box, 2, d) };
                    if (!NearKink(x))
                    {
                        best = Math.Max(best, value(Jacobian(x)));
                    }
                }
            }
        }

        return best;
    }

    private double At(Box box, int axis, int step) => box.Lo(axis) + ((box.Hi(axis) - box.Lo(axis)) * (step + 0.5) / Grid);
}
