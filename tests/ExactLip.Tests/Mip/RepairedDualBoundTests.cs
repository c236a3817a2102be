using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Mip;

/// <summary>
/// Duals repaired into exact rationals prove what float64 duals cannot (a maximum of exactly 0 at a
/// degenerate vertex), and never prove a false bound, whatever duals they start from.
/// </summary>
public class RepairedDualBoundTests
{
    /// <summary>
    /// max δ s.t. x₁ ≥ δ, x₂ ≥ δ, −x₁ − x₂ ≥ δ (three hyperplanes through the origin, all on), x in
    /// [−1, 1]², δ ≤ 1: the rows sum to 0 ≥ 3δ, so the maximum is exactly 0, with duals ⅓ each.
    /// </summary>
    private static MipModel Tripod(double shift = 0)
    {
        var b = new MipModelBuilder("region");
        var delta = b.AddVariable("margin", double.NegativeInfinity, 1);
        var x1 = b.AddVariable("x1", -1, 1);
        var x2 = b.AddVariable("x2", -1, 1);
        b.SetObjective(delta, 1);
        b.AddGreaterOrEqual("a", new[] { new Term(x1, 1), new Term(delta, -1) }, 0);
        b.AddGreaterOrEqual("b", new[] { new Term(x2, 1), new Term(delta, -1) }, 0);
        b.AddGreaterOrEqual("c", new[] { new Term(x1, -1), new Term(x2, -1), new Term(delta, -1) }, -shift);
        return b.Build();
    }

    private static (double[] Lower, double[] Upper) CheckBox(MipModel model)
    {
        var lower = model.Variables.Select(v => v.Lower).ToArray();
        var upper = model.Variables.Select(v => v.Upper).ToArray();
        lower[0] = 0;
        return (lower, upper);
    }

    [Fact]
    public void AtMost_DegenerateVertex_FloatDualsFail_RepairedDualsProveZero()
    {
        var model = Tripod();
        var (lower, upper) = CheckBox(model);

        // The float64 duals: the nearest doubles to −⅓ (each row's lower side).
        var third = -1.0 / 3;
        var duals = new[] { third, third, third };
        (LagrangianBound.UpperBound(model, duals, lower, upper) < 0).Should().BeFalse("rounded, the bound sits just above 0");
        ExactLagrangianBound.AtMost(model, duals, lower, upper, 0).Should().BeFalse("⅓ is not a double, so the exact bound with its nearest double is above 0");
        RepairedDualBound.AtMost(model, duals, lower, upper, 0).Should().BeTrue();
    }

    [Fact]
    public void AtMost_RegionWithInterior_IsNeverProvenEmpty_WhateverTheDuals()
    {
        // Shifted by 0.3 the three half-planes leave a triangle: x₁ = x₂ = δ and δ ≤ 0.3 − 2δ give
        // max δ = 0.1 > 0 (by hand), so no multipliers may prove it ≤ 0.
        var model = Tripod(shift: 0.3);
        var (lower, upper) = CheckBox(model);
        var rng = new Random(17);
        for (var trial = 0; trial < 200; trial++)
        {
            var duals = Enumerable.Range(0, 3).Select(_ => (rng.NextDouble() - 0.8) * Math.Pow(10, rng.Next(-3, 2))).ToArray();
            RepairedDualBound.AtMost(model, duals, lower, upper, 0).Should().BeFalse($"trial {trial}: duals [{string.Join(", ", duals)}] cannot prove a region with interior empty");
        }
    }

    [Theory]
    [InlineData("bab")]
    [InlineData("mip")]
    public void Certify_Tripod_IsExactAtTheOracleValue(string engine)
    {
        // relu(x₁) + relu(x₂) − relu(−x₁ − x₂): all three on only at the origin (slope ℓ1 4); the
        // open regions reach 3.
        var net = new ExactLip.Network.NeuralNetwork("tripod", new ExactLip.Network.Layer[]
        {
            ExactLip.Network.Layers.AffineLayer.Dense(2, 3, new[] { 1.0, 0, 0, 1, -1, -1 }, new double[3]),
            new ExactLip.Network.Layers.ReluLayer(ExactLip.Network.Shape.Vector(3)),
            ExactLip.Network.Layers.AffineLayer.Dense(3, 1, new[] { 1.0, 1, -1 }, new[] { 0.0 }),
        });
        var box = new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 });
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 });
        var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), new[] { 1.0 }, Norm.Linf);
        reference.Should().Be(3);

        ICertificationEngine chosen = engine == "bab" ? new BranchAndBoundEngine(TestSolvers.Get("glpk")) : new MipEngine(TestSolvers.Get("glpk"));
        var cert = chosen.Certify(new CertificationRequest(net, box, quantity, new CertifyOptions()));

        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Lower.Should().BeLessThanOrEqualTo(3).And.BeApproximately(3, 1e-12);
        cert.Upper.Should().BeGreaterThanOrEqualTo(3);
    }
}
