using System.Globalization;
using ExactLip.Certify;

namespace ExactLip.Tests.Exact;

/// <summary>
/// Holds an engine's certificate against the exact truth T, comparing its doubles as exact
/// rationals with no slack: a lower bound above T or an upper bound below it is wrong; "exact"
/// needs upper − lower within the tolerance of T; the witness must lie in the box, off every
/// kink (inside one open region, so its gradient is attained on an open set), in a region the
/// oracle found; its recorded value must be its region's, and that must attain the lower bound.
/// </summary>
public static class CertificateAudit
{
    /// <summary>Relative room for the float64 recomputation of the lower bound at the witness.</summary>
    private const double WitnessRecomputation = 1e-9;

    /// <summary>Every way <paramref name="certificate"/> disagrees with the truth; empty when sound.</summary>
    public static List<string> Problems(DegenerateCase corpus, string quantityName, Certificate certificate)
    {
        var quantity = ExactQuantity.Parse(quantityName, corpus.C);
        var regions = DegenerateTruths.RegionsOf(corpus);
        var truth = quantity.Over(regions);
        var problems = new List<string>();
        if (!truth.AdmitsLowerBound(certificate.Lower))
        {
            problems.Add($"the lower bound {Show(certificate.Lower)} exceeds the truth");
        }

        if (!truth.AdmitsUpperBound(certificate.Upper))
        {
            problems.Add($"the upper bound {Show(certificate.Upper)} is below the truth");
        }

        if (certificate.Status == CertificateStatus.Exact && !truth.WithinTolerance(certificate.Lower, certificate.Upper, certificate.Tolerance))
        {
            problems.Add($"it says exact but the bounds are not within {Show(certificate.Tolerance)} of the truth");
        }

        problems.AddRange(WitnessProblems(corpus, quantity, regions, certificate));
        return problems;
    }

    /// <summary>One line naming the case, the result and the truth, for a failure message.</summary>
    public static string Describe(DegenerateCase corpus, string run, string quantityName, Certificate certificate)
    {
        var truth = DegenerateTruths.Of(corpus, quantityName);
        var result = certificate.Status == CertificateStatus.Exact
            ? $"exact {Show(certificate.Lower)} (upper {Show(certificate.Upper)})"
            : $"bounds [{Show(certificate.Lower)}, {Show(certificate.Upper)}] (stop {certificate.Stop})";
        var witness = string.Join(", ", certificate.Witness.X.Select(Show));
        return $"{corpus.Name}, {run}, {quantityName}: {result}, truth {truth}; witness x = [{witness}] from {certificate.Witness.Source}; a careless method gives {corpus.Careless}";
    }

    private static IEnumerable<string> WitnessProblems(DegenerateCase corpus, ExactQuantity quantity, List<ExactRegion> regions, Certificate certificate)
    {
        var x = certificate.Witness.X;
        if (x.Length == 0)
        {
            yield break;
        }

        if (!x.All(double.IsFinite))
        {
            yield return "the witness is not a finite point";
            yield break;
        }

        var point = x.Select(Rational.FromDouble).ToArray();
        if (!ExactBox.From(corpus.Box).Contains(point))
        {
            yield return "the witness lies outside the box";
        }

        var pass = ExactNetwork.From(corpus.Network).Pass(point);
        if (pass.Kinks.Count > 0)
        {
            yield return $"the witness lies on a kink ({string.Join(", ", pass.Kinks)} is exactly 0 there), so its gradient belongs to no open region";
            yield break;
        }

        if (!regions.Any(r => r.Pattern == pass.Pattern))
        {
            yield return $"the witness's pattern {pass.Pattern} is not a region with interior in the box";
        }

        var atWitness = quantity.At(pass.Jacobian);
        var reported = certificate.Witness.Value;
        if (!(Math.Abs(reported - atWitness.Approximate) <= WitnessRecomputation * Math.Max(1, atWitness.Approximate)))
        {
            yield return $"the witness's recorded value {Show(reported)} is not the value of its region, {atWitness}";
        }

        if (certificate.Lower > 0 && !atWitness.AdmitsLowerBound(certificate.Lower * (1 - WitnessRecomputation)))
        {
            yield return $"the lower bound {Show(certificate.Lower)} is not attained at the witness, whose region gives {atWitness}";
        }
    }

    private static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
