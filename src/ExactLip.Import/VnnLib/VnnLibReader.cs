using System.Globalization;
using ExactLip.Core;

namespace ExactLip.Import.VnnLib;

/// <summary>
/// Reads the input box of a VNN-COMP property file (.vnnlib): the declared inputs X_0 … X_{n−1}
/// and their bounds from <c>(assert (&lt;= X_i v))</c>, <c>(assert (&gt;= X_i v))</c> and the
/// mirrored forms with the constant first. Constraints on outputs (Y_j) and anything else are
/// ignored: ExactLip needs only the domain. Inside <c>and</c> every bound applies; an
/// <c>or</c> contributes the hull of its disjuncts' boxes (the VNN-COMP test properties state
/// their X bounds that way). Repeated bounds tighten.
/// </summary>
public static class VnnLibReader
{
    public static Box Read(string path)
    {
        return Parse(UserFile.ReadAllText(path, $"The property file {path}"), path);
    }

    /// <summary>Parses vnnlib text; <paramref name="name"/> names it in messages.</summary>
    public static Box Parse(string text, string name)
    {
        List<SExpression> top;
        try
        {
            top = SExpression.ParseAll(text);
        }
        catch (FormatException e)
        {
            throw new ExactLipException($"The property file {name} is not a well-formed vnnlib file ({e.Message.TrimEnd('.')}); fix its parentheses.", e);
        }

        var count = 0;
        foreach (var e in top)
        {
            if (e.Is("declare-const") && e.Items.Count >= 2 && InputIndex(e.Items[1].Atom) is { } i)
            {
                count = Math.Max(count, i + 1);
            }
        }

        if (count == 0)
        {
            throw new ExactLipException($"The property file {name} declares no inputs X_0, X_1, …; check that it is a VNN-COMP .vnnlib file.");
        }

        var box = Bounds.Unbounded(count);
        foreach (var e in top.Where(e => e.Is("assert") && e.Items.Count == 2))
        {
            Collect(e.Items[1], box, name);
        }

        for (var i = 0; i < count; i++)
        {
            var missing = double.IsNegativeInfinity(box.Lower[i]) ? "lower" : double.IsPositiveInfinity(box.Upper[i]) ? "upper" : null;
            if (missing is not null)
            {
                throw new ExactLipException($"The property file {name} gives input X_{i} no {missing} bound; add (assert ({(missing == "lower" ? ">=" : "<=")} X_{i} value)).");
            }

            if (box.Lower[i] > box.Upper[i])
            {
                throw new ExactLipException($"The property file {name} bounds input X_{i} to the empty range [{box.Lower[i]}, {box.Upper[i]}]; fix its bounds.");
            }
        }

        return new Box(box.Lower, box.Upper);
    }

    private static int? InputIndex(string? atom) =>
        atom is not null && atom.StartsWith("X_", StringComparison.Ordinal)
        && int.TryParse(atom.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static void Collect(SExpression e, Bounds box, string name)
    {
        if ((e.Is("<=") || e.Is(">=")) && e.Items.Count == 3)
        {
            string? a = e.Items[1].Atom, b = e.Items[2].Atom;
            var op = e.Items[0].Atom;

            // (<= X v) and (>= v X) bound X from above; the mirrored forms from below.
            var (variable, number, isUpper) = InputIndex(a) is not null ? (a, b, op == "<=") : (b, a, op == ">=");
            if (InputIndex(variable) is not { } i || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return;
            }

            if (!double.IsFinite(v))
            {
                // NaN would slip through every comparison below, and an overflow to ±∞ is no bound.
                throw new ExactLipException($"The property file {name} bounds input X_{i} by {number}, which is not a finite number; give finite bounds.");
            }

            if (i >= box.Lower.Length)
            {
                throw new ExactLipException($"The property file {name} bounds X_{i}, which it never declares; add (declare-const X_{i} Real).");
            }

            if (isUpper)
            {
                box.Upper[i] = Math.Min(box.Upper[i], v);
            }
            else
            {
                box.Lower[i] = Math.Max(box.Lower[i], v);
            }
        }
        else if (e.Is("and"))
        {
            foreach (var child in e.Items.Skip(1))
            {
                Collect(child, box, name);
            }
        }
        else if (e.Is("or") && e.Items.Count > 1)
        {
            var hull = Bounds.Empty(box.Lower.Length);
            foreach (var child in e.Items.Skip(1))
            {
                var part = Bounds.Unbounded(box.Lower.Length);
                Collect(child, part, name);
                hull.Join(part);
            }

            box.Meet(hull);
        }
    }

    /// <summary>Per-input lower and upper bounds under construction.</summary>
    private sealed class Bounds
    {
        private Bounds(double[] lower, double[] upper)
        {
            Lower = lower;
            Upper = upper;
        }

        public double[] Lower { get; }

        public double[] Upper { get; }

        public static Bounds Unbounded(int n) => new(Fill(n, double.NegativeInfinity), Fill(n, double.PositiveInfinity));

        public static Bounds Empty(int n) => new(Fill(n, double.PositiveInfinity), Fill(n, double.NegativeInfinity));

        private static double[] Fill(int n, double v) => Enumerable.Repeat(v, n).ToArray();

        public void Join(Bounds other)
        {
            for (var i = 0; i < Lower.Length; i++)
            {
                Lower[i] = Math.Min(Lower[i], other.Lower[i]);
                Upper[i] = Math.Max(Upper[i], other.Upper[i]);
            }
        }

        public void Meet(Bounds other)
        {
            for (var i = 0; i < Lower.Length; i++)
            {
                Lower[i] = Math.Max(Lower[i], other.Lower[i]);
                Upper[i] = Math.Min(Upper[i], other.Upper[i]);
            }
        }
    }
}
