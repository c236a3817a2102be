using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Engines;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The portfolio (<c>--method auto</c>) on the degenerate corpus, held against the exact rational
/// oracle (<see cref="CertificateAudit"/>), and beside branch and bound and the MIP path alone on
/// the same cases: where each solves a case, all three give the same value, the truth.
/// </summary>
public sealed class PortfolioOracleTests
{
    private static readonly string[] Quantities = { "scalar-linf", "scalar-l1", "linf-linf", "l1-l1", "linf-l1", "l1-linf" };

    private static readonly CertifyOptions Options = new(TimeLimit: TimeSpan.FromSeconds(30));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var corpus in DegenerateNetworks.All)
        {
            foreach (var quantity in Quantities)
            {
                data.Add(corpus.Name, quantity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Portfolio_IsTheTruth_AndAgreesWithEachEngineAlone(string network, string quantityName)
    {
        var corpus = DegenerateNetworks.Get(network);
        var quantity = ExactQuantity.Parse(quantityName, corpus.C).ToEngine();
        var request = new CertificationRequest(corpus.Network, corpus.Box, quantity, Options);
        var settings = new EngineSettings { Search = BranchAndBoundOptions.Default with { Workers = 2 } };

        var portfolio = EngineChoice.Choose(settings, corpus.Network, quantity);
        portfolio.Should().BeOfType<PortfolioEngine>("both engines measure polyhedral norms of affine and ReLU networks");
        var combined = portfolio.Certify(request);
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 }).Certify(request);
        var mip = new MipEngine(TestSolvers.Get("highs")).Certify(request);

        var problems = CertificateAudit.Problems(corpus, quantityName, combined);
        Assert.True(problems.Count == 0, $"{CertificateAudit.Describe(corpus, "auto", quantityName, combined)}\n  - {string.Join("\n  - ", problems)}");
        combined.Method.Should().Be("auto");
        combined.EngineRuns.Select(r => r.Engine).Should().BeEquivalentTo(new[] { CertificationMethod.Bab, CertificationMethod.Mip });
        combined.History.Should().OnlyContain(h => h.Engine == CertificationMethod.Bab || h.Engine == CertificationMethod.Mip);
        if (combined.Status == CertificateStatus.Exact)
        {
            combined.ClosedByEngine.Should().BeOneOf(CertificationMethod.Bab, CertificationMethod.Mip);
            var truth = DegenerateTruths.Of(corpus, quantityName);
            foreach (var alone in new[] { bab, mip }.Where(c => c.Status == CertificateStatus.Exact))
            {
                // Both exact, both within the tolerance of the truth: within twice it of each other.
                truth.WithinTolerance(alone.Lower, alone.Upper, alone.Tolerance).Should().BeTrue($"{alone.Method} alone on {network}, {quantityName}");
                combined.Lower.Should().BeApproximately(alone.Lower, 2 * Options.Tolerance * Math.Max(Math.Abs(alone.Lower), 1e-300), $"{alone.Method} alone on {network}, {quantityName}");
            }
        }
        else
        {
            combined.ClosedByEngine.Should().BeNull();
        }

        if (combined.UpperSource == UpperBoundSource.MipSolver)
        {
            combined.Upper.Should().BeLessThan(combined.BoundsUpper, "a solver's bound is named only where it beats every proven one");
        }
    }
}
