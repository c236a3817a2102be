using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Tests.Exact;

/// <summary>
/// A quantity the engines measure, by its test name ("scalar-linf": ‖∇(cᵀf)‖ for an ℓ∞ input;
/// "l1-linf": ‖J‖ from ℓ1 to ℓ∞), with its exact value at one Jacobian and over a set of
/// regions. The formulas are DESIGN.md §1's, written again here from the definitions.
/// </summary>
public sealed class ExactQuantity
{
    private ExactQuantity(string name, Norm inputNorm, Norm outputNorm, double[]? c)
    {
        Name = name;
        InputNorm = inputNorm;
        OutputNorm = outputNorm;
        C = c;
    }

    public string Name { get; }

    public Norm InputNorm { get; }

    public Norm OutputNorm { get; }

    /// <summary>The output weights of a scalar quantity, or null for an operator norm.</summary>
    public double[]? C { get; }

    public static ExactQuantity Parse(string name, double[] c)
    {
        if (name.StartsWith("scalar-", StringComparison.Ordinal))
        {
            var norm = Norms.Parse(name["scalar-".Length..], "test");
            return new ExactQuantity(name, norm, norm, c);
        }

        var parts = name.Split('-');
        return new ExactQuantity(name, Norms.Parse(parts[0], "test"), Norms.Parse(parts[1], "test"), null);
    }

    public LipschitzQuantity ToEngine() => C is { } c ? LipschitzQuantity.Scalar(InputNorm, c) : LipschitzQuantity.Operator(InputNorm, OutputNorm);

    /// <summary>The largest value over the regions (0 when there are none).</summary>
    public ExactValue Over(IEnumerable<ExactRegion> regions) =>
        regions.Select(r => At(r.Jacobian)).Aggregate(Zero, ExactValue.Max);

    /// <summary>The quantity's integrand at one Jacobian (outputs × inputs).</summary>
    public ExactValue At(Rational[][] jacobian)
    {
        var inputs = jacobian.Length == 0 ? 0 : jacobian[0].Length;
        var dual = InputNorm.Dual();
        if (C is { } c)
        {
            var gradient = new Rational[inputs];
            for (var j = 0; j < jacobian.Length; j++)
            {
                var cj = Rational.FromDouble(c[j]);
                for (var i = 0; i < inputs; i++)
                {
                    gradient[i] += cj * jacobian[j][i];
                }
            }

            return VectorNorm(gradient, dual);
        }

        return (InputNorm, OutputNorm) switch
        {
            (Norm.L2, Norm.L2) => SpectralBracket.Of(jacobian),

            // ‖J‖_{1→r}: the largest r-norm of a column (the images of ±e_i).
            (Norm.L1, _) => Enumerable.Range(0, inputs).Select(i => VectorNorm(jacobian.Select(row => row[i]).ToArray(), OutputNorm)).Aggregate(Zero, ExactValue.Max),

            // ‖J‖_{p→∞}: the largest dual norm of a row.
            (_, Norm.Linf) => jacobian.Select(row => VectorNorm(row, dual)).Aggregate(Zero, ExactValue.Max),

            // ‖J‖_{p→1} = max over sign vectors s of ‖Jᵀs‖_{p*}.
            (_, Norm.L1) => SignVectors(jacobian.Length).Select(s => VectorNorm(Transposed(jacobian, s, inputs), dual)).Aggregate(Zero, ExactValue.Max),

            // ‖J‖_{∞→2} = max over input sign vectors x of ‖Jx‖₂.
            _ => SignVectors(inputs).Select(x => VectorNorm(jacobian.Select(row => Dot(row, x)).ToArray(), Norm.L2)).Aggregate(Zero, ExactValue.Max),
        };
    }

    private ExactValue Zero => IsL2 ? ExactValue.Square(Rational.Zero) : ExactValue.Exactly(Rational.Zero);

    private bool IsL2 => InputNorm == Norm.L2 || (C is null && OutputNorm == Norm.L2);

    private static ExactValue VectorNorm(Rational[] v, Norm norm) => norm switch
    {
        Norm.L1 => ExactValue.Exactly(v.Aggregate(Rational.Zero, (sum, x) => sum + Rational.Abs(x))),
        Norm.Linf => ExactValue.Exactly(v.Aggregate(Rational.Zero, (max, x) => Rational.Max(max, Rational.Abs(x)))),
        _ => ExactValue.Square(v.Aggregate(Rational.Zero, (sum, x) => sum + (x * x))),
    };

    private static Rational[] Transposed(Rational[][] jacobian, Rational[] s, int inputs)
    {
        var v = new Rational[inputs];
        for (var j = 0; j < jacobian.Length; j++)
        {
            for (var i = 0; i < inputs; i++)
            {
                v[i] += s[j] * jacobian[j][i];
            }
        }

        return v;
    }

    private static Rational Dot(Rational[] a, Rational[] b) => a.Zip(b, (x, y) => x * y).Aggregate(Rational.Zero, (s, t) => s + t);

    private static IEnumerable<Rational[]> SignVectors(int length) =>
        Enumerable.Range(0, 1 << length).Select(bits => Enumerable.Range(0, length).Select(k => (bits >> k & 1) == 1 ? -Rational.One : Rational.One).ToArray());
}
