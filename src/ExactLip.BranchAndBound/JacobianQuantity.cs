using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A <see cref="LipschitzQuantity"/> as the branch-and-bound engine measures it: its exact value
/// at a point (from the plain evaluator's Jacobian) and a certified bound from interval bounds
/// on the Jacobian's rows.
/// Implementation note: the rows bounded are the directions c whose back-propagated signal the
/// bounds follow: the given c for a scalar cᵀf (one backward pass, tighter than combining row
/// bounds), every basis vector e_j for an operator norm. Every bound below is a monotone norm of
/// the entry-wise magnitude, or a maximum over output sign vectors of such norms, so each is
/// exact when the intervals shrink to points, except the spectral norm (σ(|J|) ≥ σ(J)), whose
/// sub-domains close at their exact value once every neuron is fixed.
/// </summary>
public sealed class JacobianQuantity
{
    public JacobianQuantity(LipschitzQuantity quantity, int outputs)
    {
        Quantity = quantity;
        Outputs = outputs;
        if (quantity.C is { } c)
        {
            Preconditions.Length(c.Length, outputs, "The output weights c");
            Directions = new[] { c };
            return;
        }

        var (p, r) = (quantity.InputNorm, quantity.OutputNorm);
        if (p == Norm.Linf && r == Norm.L2)
        {
            throw new ExactLipException(LinfToL2Unmeasured);
        }

        if (r == Norm.L1 && p != Norm.L1 && outputs > JacobianNorms.ExactSignEnumerationLimit)
        {
            throw new ExactLipException($"Branch and bound measures the output norm l1 for at most {JacobianNorms.ExactSignEnumerationLimit} outputs, but the network has {outputs}: measure a scalar cᵀf or another output norm.");
        }

        var basis = new double[outputs][];
        for (var j = 0; j < outputs; j++)
        {
            basis[j] = new double[outputs];
            basis[j][j] = 1;
        }

        Directions = basis;
    }

    /// <summary>Why the pair ℓ∞ input, ℓ2 output is refused: neither engine measures it.</summary>
    public const string LinfToL2Unmeasured = "Neither engine measures ‖J‖ linf→l2 (an ℓ∞ input norm with an ℓ2 output norm): choose another pair of norms.";

    /// <summary>True when branch and bound measures the quantity on a network with this many outputs.</summary>
    public static bool Measures(LipschitzQuantity quantity, int outputs)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return quantity.IsScalar
            || (!(quantity.InputNorm == Norm.Linf && quantity.OutputNorm == Norm.L2)
                && !(quantity.OutputNorm == Norm.L1 && quantity.InputNorm != Norm.L1 && outputs > JacobianNorms.ExactSignEnumerationLimit));
    }

    public LipschitzQuantity Quantity { get; }

    public int Outputs { get; }

    /// <summary>The output weights whose gradients the bounds follow (one per backward pass).</summary>
    public IReadOnlyList<double[]> Directions { get; }

    /// <summary>The value at x by the plain float64 evaluator, and the output weights that attain it.</summary>
    public (double Value, double[] C) ValueAt(NeuralNetwork network, ReadOnlySpan<double> x) => Quantity.ValueAt(network, x);

    /// <summary>
    /// The value for known gradients of the directions (a scalar quantity's gradient, or the
    /// Jacobian's rows), with the output weights that attain it.
    /// </summary>
    public (double Value, double[] C) ValueOfRows(double[][] rows) =>
        Quantity.C is { } c ? (Quantity.GradientNorm.Of(rows[0]), c) : JacobianNorms.OperatorNorm(rows, Quantity.InputNorm, Quantity.OutputNorm);

    /// <summary>
    /// True when the quantity is the largest ℓ1 norm of a row (a scalar quantity with ℓ∞ input,
    /// or ‖J‖ linf→linf), so a certified bound on each row's ℓ1 norm bounds it directly.
    /// </summary>
    public bool BoundsByAbsoluteSums =>
        Quantity.InputNorm == Norm.Linf && (Quantity.IsScalar || Quantity.OutputNorm == Norm.Linf);

    /// <summary>
    /// A certified upper bound on the quantity over every Jacobian whose row for direction d lies
    /// in <paramref name="rows"/>[d] (for a scalar quantity: the gradient of cᵀf lies in rows[0])
    /// and, when given, has an ℓ1 norm of at most <paramref name="absoluteSums"/>[d] (used only
    /// where <see cref="BoundsByAbsoluteSums"/>). Every norm of magnitudes is rounded up
    /// (<see cref="RoundingError.NormUp"/>), so the bound holds for the exact reals.
    /// </summary>
    public double Bound(IReadOnlyList<Box> rows, IReadOnlyList<double>? absoluteSums = null)
    {
        double RowBound(int d, double[] magnitude)
        {
            var norm = RoundingError.NormUp(Quantity.InputNorm.Dual(), magnitude);
            return absoluteSums is not null && BoundsByAbsoluteSums ? Math.Min(norm, absoluteSums[d]) : norm;
        }

        if (Quantity.IsScalar)
        {
            return RowBound(0, Magnitude(rows[0]));
        }

        var (p, r) = (Quantity.InputNorm, Quantity.OutputNorm);
        var dual = p.Dual();
        var mag = rows.Select(Magnitude).ToArray();
        var m = mag.Length;
        var n = m == 0 ? 0 : mag[0].Length;
        if (r == Norm.Linf)
        {
            return mag.Select((row, d) => RowBound(d, row)).DefaultIfEmpty(0).Max();
        }

        if (p == Norm.L1)
        {
            double best = 0;
            var col = new double[m];
            for (var i = 0; i < n; i++)
            {
                for (var row = 0; row < m; row++)
                {
                    col[row] = mag[row][i];
                }

                best = Math.Max(best, RoundingError.NormUp(r, col));
            }

            return best;
        }

        if (r == Norm.L1)
        {
            return SignedIntervalBound(rows, dual);
        }

        return MagnitudeSpectralBound.UpperBound(mag);
    }

    /// <summary>
    /// max over sign vectors s of ‖mag(Σ_j s_j·row_j)‖ with interval rows (s and −s agree).
    /// Each coordinate's interval sum of m ends errs by at most γ_m·Σ_j max(|lo_j|, |hi_j|)
    /// whatever the signs (<see cref="RoundingError.SumError"/>), so that bound is computed once
    /// and every sum is widened by it, outward, before its magnitude is taken.
    /// </summary>
    private static double SignedIntervalBound(IReadOnlyList<Box> rows, Norm norm)
    {
        var m = rows.Count;
        var n = m == 0 ? 0 : rows[0].Dimension;
        var lo = new double[n];
        var hi = new double[n];
        var mag = new double[n];
        var error = new double[n];
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            foreach (var row in rows)
            {
                sum += Math.Max(Math.Abs(row.Lo(i)), Math.Abs(row.Hi(i)));
            }

            error[i] = RoundingError.SumError(sum, m);
        }

        double best = 0;
        var count = m == 0 ? 1L : 1L << (m - 1);
        for (long mask = 0; mask < count; mask++)
        {
            Array.Clear(lo);
            Array.Clear(hi);
            for (var j = 0; j < m; j++)
            {
                var negative = ((mask >> j) & 1) == 1;
                var row = rows[j];
                for (var i = 0; i < n; i++)
                {
                    lo[i] += negative ? -row.Hi(i) : row.Lo(i);
                    hi[i] += negative ? -row.Lo(i) : row.Hi(i);
                }
            }

            for (var i = 0; i < n; i++)
            {
                var low = RoundingError.Down(lo[i] - error[i]);
                var high = RoundingError.Up(hi[i] + error[i]);
                mag[i] = Math.Max(Math.Abs(low), Math.Abs(high));
            }

            best = Math.Max(best, RoundingError.NormUp(norm, mag));
        }

        return best;
    }

    private static double[] Magnitude(Box b)
    {
        var mag = new double[b.Dimension];
        for (var i = 0; i < mag.Length; i++)
        {
            mag[i] = Math.Max(Math.Abs(b.Lo(i)), Math.Abs(b.Hi(i)));
        }

        return mag;
    }
}
