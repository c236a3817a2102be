namespace ExactLip.Tests.Exact;

/// <summary>
/// The squared spectral norm of a rational matrix, bracketed exactly: σ² is the largest
/// eigenvalue λ of the Gram matrix G (JᵀJ or JJᵀ, whichever is smaller), and t &gt; λ exactly
/// when tI − G is positive definite, which elimination without pivoting decides in rationals
/// (all pivots positive). Bisection on t then brackets λ as tightly as wanted.
/// </summary>
public static class SpectralBracket
{
    private const int Halvings = 70;

    public static ExactValue Of(Rational[][] j)
    {
        var gram = Gram(j);
        var n = gram.Length;
        var trace = Enumerable.Range(0, n).Aggregate(Rational.Zero, (s, i) => s + gram[i][i]);
        if (trace.IsZero)
        {
            return ExactValue.Square(Rational.Zero);
        }

        // trace/n ≤ λ ≤ trace < 2·trace, as G is positive semidefinite.
        var lo = trace / Rational.Of(n);
        var hi = trace + trace;
        var two = Rational.Of(2);
        for (var k = 0; k < Halvings; k++)
        {
            var mid = (lo + hi) / two;
            if (ShiftedIsPositiveDefinite(gram, mid))
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return new ExactValue(lo, hi, true);
    }

    private static Rational[][] Gram(Rational[][] j)
    {
        var rows = j.Length;
        var columns = rows == 0 ? 0 : j[0].Length;
        var byColumns = columns <= rows;
        var size = byColumns ? columns : rows;
        var gram = new Rational[size][];
        for (var a = 0; a < size; a++)
        {
            gram[a] = new Rational[size];
            for (var b = 0; b < size; b++)
            {
                var sum = Rational.Zero;
                for (var k = 0; k < (byColumns ? rows : columns); k++)
                {
                    sum += byColumns ? j[k][a] * j[k][b] : j[a][k] * j[b][k];
                }

                gram[a][b] = sum;
            }
        }

        return gram;
    }

    /// <summary>Whether tI − G is positive definite: every pivot of its elimination is positive.</summary>
    private static bool ShiftedIsPositiveDefinite(Rational[][] gram, Rational t)
    {
        var n = gram.Length;
        var m = new Rational[n][];
        for (var a = 0; a < n; a++)
        {
            m[a] = new Rational[n];
            for (var b = 0; b < n; b++)
            {
                m[a][b] = (a == b ? t : Rational.Zero) - gram[a][b];
            }
        }

        for (var k = 0; k < n; k++)
        {
            if (m[k][k].Sign <= 0)
            {
                return false;
            }

            for (var a = k + 1; a < n; a++)
            {
                var factor = m[a][k] / m[k][k];
                for (var b = k; b < n; b++)
                {
                    m[a][b] -= factor * m[k][b];
                }
            }
        }

        return true;
    }
}
