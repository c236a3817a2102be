using System.Globalization;
using System.Text.RegularExpressions;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The region LP's emptiness proof under the default settings (split multipliers on), where the
/// multipliers do not already decide the neuron: on two inputs, split as boxes every other level,
/// whose halves are bounded from scratch, without the split constraints. The searches must drop
/// halves by their LP (the note counts them apart) and still end at the value region enumeration
/// gives. (Beyond the multipliers' input limit the LP drops halves too; with three to five inputs
/// and no box splits none was left to it on such networks, and the tests that drive it there turn
/// the multipliers off: <see cref="WarmRegionLpTests"/>, <see cref="BranchAndBoundOracleTests"/>.)
/// </summary>
public partial class RegionLpEmptinessDefaultTests
{
    [Fact]
    public void Certify_DefaultSettings_RegionLpDropsEmptyHalves_AndEqualsRegionEnumeration()
    {
        const int inputs = 2;
        const int trials = 6;
        var solver = TestSolvers.Get("glpk");
        var c = new[] { 1.0, -0.5 };
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, c);
        var rng = new Random(31);
        long byLp = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            var network = RandomNetworks.Mlp(rng, inputs, new[] { 8, 8 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.5 + rng.NextDouble());
            var options = new CertifyOptions(Seed: trial);
            var search = BranchAndBoundOptions.Default with { Workers = 1 };
            search.SplitMultipliers.Should().BeTrue("the default");
            var cert = new BranchAndBoundCertifier(solver, options, search).Run(network, box, quantity, null, CancellationToken.None);

            var because = $"trial {trial}";
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(network, box), c, Norm.Linf);
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, because);
            cert.Status.Should().Be(CertificateStatus.Exact, because);
            var note = cert.Notes.Single(n => n.StartsWith("Branch and bound:", StringComparison.Ordinal));
            byLp += long.Parse(ByRegionLp().Match(note).Groups[1].Value, CultureInfo.InvariantCulture);
        }

        byLp.Should().BeGreaterThan(0, "some halves are left for the region LP to prove empty");
    }

    [GeneratedRegex(@"\((\d+) of them by their region LP\)")]
    private static partial Regex ByRegionLp();
}
