using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Estimators;

/// <summary>
/// Certified upper bounds on the operator norm ‖A‖_{p→r} of one linear map, for p, r in
/// {ℓ1, ℓ2, ℓ∞}.
/// Implementation note: ‖A‖_{1→r} is the largest column r-norm and ‖A‖_{p→∞} the largest row
/// p*-norm, both exact; ‖A‖_{2→2} is <see cref="GramIterationSpectralNorm"/>'s certified bound; ‖A‖_{∞→1} is
/// exact by sign enumeration for few rows (the maximum of a convex function over the cube is at a
/// vertex) and the sum of all |a_ij| otherwise; ‖A‖_{∞→2} ≤ min(√n·σ, √Σ_i‖a_i‖₁²) and
/// ‖A‖_{2→1} = ‖Aᵀ‖_{∞→2}.
/// </summary>
public static class OperatorNormBound
{
    public const int SignEnumerationLimit = 16;

    public static double Of(LinearMap map, Norm p, Norm r, int seed = 0)
    {
        var m = map.Matrix;
        if (map.Rows == 0 || map.Columns == 0)
        {
            return 0;
        }

        if (p == Norm.L1)
        {
            return ColumnNorms(map, r).Max();
        }

        if (r == Norm.Linf)
        {
            return Enumerable.Range(0, map.Rows).Max(i => p.Dual().Of(m.Row(i).Select(e => e.Value).ToArray()));
        }

        return (p, r) switch
        {
            (Norm.L2, Norm.L2) => GramIterationSpectralNorm.Bound(map, seed).Upper,
            (Norm.Linf, Norm.L1) => InfinityToOne(map),
            (Norm.Linf, Norm.L2) => Math.Min(
                Math.Sqrt(map.Columns) * GramIterationSpectralNorm.Bound(map, seed).Upper,
                Math.Sqrt(Enumerable.Range(0, map.Rows).Sum(i => Square(m.Row(i).Sum(e => Math.Abs(e.Value)))))),
            (Norm.L2, Norm.L1) => Math.Min(
                Math.Sqrt(map.Rows) * GramIterationSpectralNorm.Bound(map, seed).Upper,
                Math.Sqrt(ColumnNorms(map, Norm.L1).Sum(Square))),
            _ => throw new InvalidOperationException($"No operator norm {p.Name()}→{r.Name()}."),
        };
    }

    /// <summary>‖a_j‖_r for every column j.</summary>
    private static double[] ColumnNorms(LinearMap map, Norm r)
    {
        var m = map.Matrix;
        var acc = new double[map.Columns];
        for (var k = 0; k < m.NonZeros; k++)
        {
            var v = Math.Abs(m.Values[k]);
            var j = m.ColumnIndex[k];
            acc[j] = r switch
            {
                Norm.L1 => acc[j] + v,
                Norm.L2 => acc[j] + (v * v),
                _ => Math.Max(acc[j], v),
            };
        }

        return r == Norm.L2 ? acc.Select(Math.Sqrt).ToArray() : acc;
    }

    private static double InfinityToOne(LinearMap map)
    {
        if (map.Rows <= SignEnumerationLimit)
        {
            // ‖A‖_{∞→1} = max over c in {±1}^m of ‖Aᵀc‖₁ (JacobianNorms enumerates exactly up to its limit).
            var dense = new double[map.Rows][];
            for (var i = 0; i < map.Rows; i++)
            {
                dense[i] = new double[map.Columns];
                foreach (var (j, v) in map.Matrix.Row(i))
                {
                    dense[i][j] += v;
                }
            }

            return JacobianNorms.DualBoxMaximiser(dense, Norm.L1).Value;
        }

        return map.Matrix.Values.Sum(Math.Abs);
    }

    private static double Square(double v) => v * v;
}
