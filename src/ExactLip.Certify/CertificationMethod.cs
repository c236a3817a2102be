using ExactLip.Core;

namespace ExactLip.Certify;

/// <summary>
/// The exact engine a run asks for. The spellings "mip", "bab" and "auto" are a contract (certify's
/// --method, a batch job's "method", the JSON field "method").
/// </summary>
public enum CertificationMethod
{
    /// <summary>
    /// Both engines at once where both apply, sharing what each proves (the portfolio; the JSON
    /// "method" of its certificate), else the one that applies (docs/certify.md).
    /// </summary>
    Auto,

    /// <summary>LipMIP through a MIP back end.</summary>
    Mip,

    /// <summary>Branch and bound over activation patterns.</summary>
    Bab,
}

public static class CertificationMethods
{
    public static string Name(this CertificationMethod method) => method switch
    {
        CertificationMethod.Mip => "mip",
        CertificationMethod.Bab => "bab",
        _ => "auto",
    };

    /// <summary>The method spelled <paramref name="text"/> (any case); null for any other word.</summary>
    public static CertificationMethod? TryParse(string? text) => (text ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "mip" => CertificationMethod.Mip,
        "bab" => CertificationMethod.Bab,
        "auto" => CertificationMethod.Auto,
        _ => null,
    };

    /// <summary>The method spelled <paramref name="text"/>; one sentence naming <paramref name="label"/> (where the word was given) for any other word.</summary>
    public static CertificationMethod Parse(string? text, string label) =>
        TryParse(text) ?? throw new ExactLipException($"Unknown method '{text}' for {label}: choose mip, bab or auto.");
}
