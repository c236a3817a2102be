namespace ExactLip.Core;

/// <summary>The vector norms ExactLip measures inputs and outputs in.</summary>
public enum Norm
{
    L1,
    L2,
    Linf,
}

/// <summary>Parsing, printing, duality and evaluation of <see cref="Norm"/>.</summary>
public static class Norms
{
    /// <summary>The dual norm: ℓ1 ↔ ℓ∞, ℓ2 ↔ ℓ2.</summary>
    public static Norm Dual(this Norm norm) => norm switch
    {
        Norm.L1 => Norm.Linf,
        Norm.Linf => Norm.L1,
        _ => Norm.L2,
    };

    public static string Name(this Norm norm) => norm switch
    {
        Norm.L1 => "l1",
        Norm.L2 => "l2",
        _ => "linf",
    };

    public static Norm Parse(string text, string option) => text.Trim().ToLowerInvariant() switch
    {
        "l1" or "1" => Norm.L1,
        "l2" or "2" => Norm.L2,
        "linf" or "inf" or "l_inf" => Norm.Linf,
        _ => throw new ExactLipException($"Unknown norm '{text}' for {option}: use l1, l2 or linf."),
    };

    public static double Of(this Norm norm, ReadOnlySpan<double> v)
    {
        double acc = 0;
        switch (norm)
        {
            case Norm.L1:
                foreach (var x in v)
                {
                    acc += Math.Abs(x);
                }

                return acc;
            case Norm.L2:
                foreach (var x in v)
                {
                    acc += x * x;
                }

                return Math.Sqrt(acc);
            default:
                foreach (var x in v)
                {
                    acc = Math.Max(acc, Math.Abs(x));
                }

                return acc;
        }
    }
}
