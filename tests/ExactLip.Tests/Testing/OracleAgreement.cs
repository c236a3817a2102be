using ExactLip.Certify;
using FluentAssertions;

namespace ExactLip.Tests;

/// <summary>What a certificate must say about a quantity whose value the region oracle knows.</summary>
public static class OracleAgreement
{
    public static void ShouldAgree(Certificate cert, double reference, double tolerance, string because)
    {
        if (reference == 0)
        {
            // A constant of 0 (the network is flat over the box): the upper bound keeps the absolute
            // slack of outward rounding and of the solver's tolerances, which no relative tolerance of
            // 0 admits: the run ends exact only if that slack vanished, else with tight bounds.
            var expected = Certificate.Agree(0, cert.Upper, tolerance) ? CertificateStatus.Exact : CertificateStatus.Bounds;
            cert.Status.Should().Be(expected, $"{because}: bounds [{cert.Lower}, {cert.Upper}]");
            cert.Stop.Should().Be(StopReason.Optimal, because);
            cert.Lower.Should().Be(0, because);
            cert.Upper.Should().BeInRange(0, 1e-9, because);
            return;
        }

        cert.Status.Should().Be(CertificateStatus.Exact, $"{because}: bounds [{cert.Lower}, {cert.Upper}], notes: {string.Join(" ", cert.Notes)}");
        cert.Value!.Value.Should().BeApproximately(reference, 1e-6 * Math.Max(1, reference), because);
        cert.Lower.Should().BeLessThanOrEqualTo(reference * (1 + 1e-9) + 1e-12, because);
        cert.Upper.Should().BeGreaterThanOrEqualTo(reference * (1 - 1e-9) - 1e-12, because);
    }
}
