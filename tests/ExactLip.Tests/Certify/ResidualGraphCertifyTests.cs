using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The graphs of <see cref="ResidualGraphs"/> (residual blocks, x + x, Concat, Sub and Max of
/// branches) certified by both engines, the LipMIP encoding and branch and bound, against
/// region enumeration of the imported network (exact rationals) and against the graphs' own
/// Jacobians, which never go through the import: the exact value is at least their largest
/// value on a dense grid, and their value at each certificate's witness is the exact value.
/// </summary>
public class ResidualGraphCertifyTests
{
    private const int Grid = 20;

    public static TheoryData<string> Names => new(ResidualGraphs.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void MipAndBranchAndBound_EqualRegionEnumeration_AndTheGraphsGrid(string name)
    {
        var net = ResidualGraphs.Load(name);
        var c = new[] { 1.0, -0.5 };
        var quantities = new[]
        {
            (Quantity: LipschitzQuantity.Scalar(Norm.Linf, c), Value: (Func<double[][], double>)(j => LipschitzReference.Scalar(new[] { j }, c, Norm.Linf))),
            (Quantity: LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), Value: (Func<double[][], double>)(j => LipschitzReference.OperatorNorm(j, Norm.Linf, Norm.Linf))),
        };
        var boxes = new[] { new Box(new[] { -1.0, -1, -1 }, new[] { 1.0, 1, 1 }), new Box(new[] { -0.2, 0.1, -0.6 }, new[] { 0.5, 0.4, 0.1 }) };
        foreach (var box in boxes)
        {
            var regions = RegionOracle.RegionJacobians(net.Simplify(), box);
            foreach (var (quantity, value) in quantities)
            {
                var because = $"{name} on {box}, {quantity}";
                var reference = regions.Max(value);
                GridMaximum(name, box, value).Should().BeLessThanOrEqualTo(reference * (1 + 1e-9), because);

                var options = new CertifyOptions(Bounds: BoundsMethod.Crown, Samples: 8, LocalSteps: 8, Seed: 1);
                var mip = new Certifier(TestSolvers.Get("cbc"), options).Run(net, box, quantity, null, CancellationToken.None);
                OracleAgreement.ShouldAgree(mip, reference, options.Tolerance, $"{because}, mip");
                var bab = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), options, new BranchAndBoundOptions(Workers: 1)).Run(net, box, quantity, null, CancellationToken.None);
                OracleAgreement.ShouldAgree(bab, reference, options.Tolerance, $"{because}, bab");
                foreach (var cert in new[] { mip, bab })
                {
                    value(ResidualGraphs.Jacobian(name, cert.Witness.X)).Should().BeApproximately(reference, 1e-9 * Math.Max(1, reference), $"{because}, the witness of {cert.Method}");
                }
            }
        }
    }

    /// <summary>The largest value over a Grid³ lattice of the box of the graph's own Jacobian (points near a kink skipped).</summary>
    private static double GridMaximum(string name, Box box, Func<double[][], double> value)
    {
        var best = 0.0;
        for (var a = 0; a < Grid; a++)
        {
            for (var b = 0; b < Grid; b++)
            {
                for (var d = 0; d < Grid; d++)
                {
                    var x = new[] { At(box, 0, a), At(box, 1, b), At(box, 2, d) };
                    if (!ResidualGraphs.NearKink(name, x))
                    {
                        best = Math.Max(best, value(ResidualGraphs.Jacobian(name, x)));
                    }
                }
            }
        }

        return best;
    }

    private static double At(Box box, int axis, int step) => box.Lo(axis) + ((box.Hi(axis) - box.Lo(axis)) * (step + 0.5) / Grid);
}
