using ExactLip.Core;
using ExactLip.Mip;

namespace ExactLip.Encoding;

/// <summary>
/// The objective ‖g‖ of the input-gradient variables g, for the ℓ1 and ℓ∞ norms (the only
/// polyhedral ones). Each |g_j| is a variable t_j: equal to ±g_j when the bounds fix the sign,
/// otherwise linked to g_j by a sign binary s_j, so that t_j ≤ |g_j| is exact:
///   t ≥ g, t ≥ −g, t ≤ g − 2l(1 − s), t ≤ −g + 2u·s.
/// ℓ1 maximises Σ t_j. ℓ∞ maximises T with one-hot selectors z_j: T ≤ t_j + (1 − z_j)·M_j, where
/// M_j is the largest upper bound of any |g_k| less the smallest possible |g_j|; coordinates that
/// can never be the largest are left out.
/// </summary>
internal sealed class NormObjective
{
    private readonly Var[] _gradient;
    private readonly Var?[] _abs;
    private readonly Var?[] _sign;
    private readonly Var?[] _select;
    private readonly Var? _max;

    private NormObjective(Var[] gradient, Var?[] abs, Var?[] sign, Var?[] select, Var? max)
    {
        _gradient = gradient;
        _abs = abs;
        _sign = sign;
        _select = select;
        _max = max;
    }

    public static NormObjective Add(MipModelBuilder model, IReadOnlyList<Var> gradient, Box bounds, Norm norm)
    {
        if (norm == Norm.L2)
        {
            throw new ExactLipException("The ℓ2 norm is not polyhedral, so no MIP can encode it: the MIP path measures ℓ1 and ℓ∞ norms.");
        }

        var n = gradient.Count;
        var abs = new Var?[n];
        var sign = new Var?[n];
        var absLow = new double[n];
        var absHigh = new double[n];
        for (var j = 0; j < n; j++)
        {
            double l = bounds.Lo(j), u = bounds.Hi(j);
            absHigh[j] = Math.Max(Math.Abs(l), Math.Abs(u));
            absLow[j] = l >= 0 ? l : u <= 0 ? -u : 0;
        }

        // For ℓ∞ a coordinate matters only if it can reach the largest guaranteed magnitude.
        var floor = norm == Norm.Linf ? absLow.DefaultIfEmpty(0).Max() : 0;
        var maxHigh = absHigh.DefaultIfEmpty(0).Max();
        for (var j = 0; j < n; j++)
        {
            if (absHigh[j] == 0 || (norm == Norm.Linf && absHigh[j] < floor))
            {
                continue;
            }

            double l = bounds.Lo(j), u = bounds.Hi(j);
            var g = gradient[j];
            var t = model.AddVariable($"objective/{j}/t", absLow[j], absHigh[j]);
            abs[j] = t;
            if (l >= 0)
            {
                model.AddEquality($"objective/{j}/t=g", new[] { new Term(t, 1), new Term(g, -1) }, 0);
            }
            else if (u <= 0)
            {
                model.AddEquality($"objective/{j}/t=-g", new[] { new Term(t, 1), new Term(g, 1) }, 0);
            }
            else
            {
                var s = model.AddBinary($"objective/{j}/s");
                sign[j] = s;
                model.AddGreaterOrEqual($"objective/{j}/t>=g", new[] { new Term(t, 1), new Term(g, -1) }, 0);
                model.AddGreaterOrEqual($"objective/{j}/t>=-g", new[] { new Term(t, 1), new Term(g, 1) }, 0);
                // t ≤ g − 2l(1 − s)  ⇔  t − g − 2l·s ≤ −2l
                model.AddLessOrEqual($"objective/{j}/t<=g-2l(1-s)", new[] { new Term(t, 1), new Term(g, -1), new Term(s, -2 * l) }, -2 * l);
                // t ≤ −g + 2u·s  ⇔  t + g − 2u·s ≤ 0
                model.AddLessOrEqual($"objective/{j}/t<=-g+2us", new[] { new Term(t, 1), new Term(g, 1), new Term(s, -2 * u) }, 0);
            }
        }

        var gradVars = gradient.ToArray();
        if (norm == Norm.L1)
        {
            foreach (var t in abs)
            {
                if (t is { } tv)
                {
                    model.SetObjective(tv, 1);
                }
            }

            return new NormObjective(gradVars, abs, sign, new Var?[n], null);
        }

        var select = new Var?[n];
        var candidates = Enumerable.Range(0, n).Where(j => abs[j] is not null).ToArray();
        var max = model.AddVariable("objective/max", floor, maxHigh);
        model.SetObjective(max, 1);
        if (candidates.Length > 0)
        {
            foreach (var j in candidates)
            {
                select[j] = model.AddBinary($"objective/{j}/z");
                // T ≤ t_j + (1 − z_j)·M_j  ⇔  T − t_j + M_j·z_j ≤ M_j
                var big = maxHigh - absLow[j];
                model.AddLessOrEqual($"objective/{j}/max<=t", new[] { new Term(max, 1), new Term(abs[j]!.Value, -1), new Term(select[j]!.Value, big) }, big);
            }

            model.AddEquality("objective/one-hot", candidates.Select(j => new Term(select[j]!.Value, 1)), 1);
        }

        return new NormObjective(gradVars, abs, sign, select, max);
    }

    /// <summary>Writes t, s, z and T for a concrete input gradient.</summary>
    public void FillStart(double[] values, ReadOnlySpan<double> gradient)
    {
        var best = -1;
        for (var j = 0; j < _gradient.Length; j++)
        {
            if (_abs[j] is { } t)
            {
                values[t.Index] = Math.Abs(gradient[j]);
                if (best < 0 || Math.Abs(gradient[j]) > Math.Abs(gradient[best]))
                {
                    best = j;
                }
            }

            if (_sign[j] is { } s)
            {
                values[s.Index] = gradient[j] >= 0 ? 1 : 0;
            }
        }

        if (_max is { } m)
        {
            foreach (var z in _select)
            {
                if (z is { } zv)
                {
                    values[zv.Index] = 0;
                }
            }

            if (best >= 0)
            {
                values[_select[best]!.Value.Index] = 1;
                values[m.Index] = Math.Abs(gradient[best]);
            }
        }
    }
}
