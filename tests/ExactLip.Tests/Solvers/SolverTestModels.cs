using ExactLip.Mip;

namespace ExactLip.Tests.Solvers;

/// <summary>Small models with optima derived by hand, and generators of hard and random ones.</summary>
public static class SolverTestModels
{
    /// <summary>
    /// max 4x + 2y − z + w + 5 with x ∈ [0,10], y ≥ 0, z free, w fixed at 2;
    /// x + y ≤ 4, −1 ≤ x − y ≤ 2 (ranged), z − x = −1 (so z = x − 1).
    /// The objective is 3x + 2y + 8; the vertex x − y = 2, x + y = 4 gives x = 3, y = 1: 19.
    /// </summary>
    public static MipModel Lp()
    {
        var b = new MipModelBuilder("lp");
        var x = b.AddVariable("x", 0, 10);
        var y = b.AddVariable("y", 0, double.PositiveInfinity);
        var z = b.AddVariable("z", double.NegativeInfinity, double.PositiveInfinity);
        var w = b.AddConstant("w", 2);
        b.SetObjective(x, 4);
        b.SetObjective(y, 2);
        b.SetObjective(z, -1);
        b.SetObjective(w, 1);
        b.AddObjectiveOffset(5);
        b.AddLessOrEqual("cap", new[] { new Term(x, 1), new Term(y, 1) }, 4);
        b.AddRow("diff", new[] { new Term(x, 1), new Term(y, -1) }, -1, 2);
        b.AddEquality("link", new[] { new Term(z, 1), new Term(x, -1) }, -1);
        return b.Build();
    }

    public const double LpOptimum = 19;

    /// <summary>
    /// As <see cref="Lp"/> with x, y integer, 2x + 2y ≤ 7 (so x + y ≤ 3) instead of x + y ≤ 4,
    /// and a binary b worth 5 with x + 4b ≤ 4. b = 1 forces x = 0, y ≤ 1: 2 + 5 = 7 + 8;
    /// b = 0 allows (2, 1): 3·2 + 2·1 = 8, so the optimum is 8 + 8 = 16 at x=2, y=1, z=1, b=0.
    /// The LP relaxation (x = 2.75, y = 0.75) is worth 9.75 + 8, so branching is needed.
    /// </summary>
    public static MipModel Mip(double[]? start = null)
    {
        var b = new MipModelBuilder("mip");
        var x = b.AddVariable("x", 0, 10, isInteger: true);
        var y = b.AddVariable("y", 0, double.PositiveInfinity, isInteger: true);
        var z = b.AddVariable("z", double.NegativeInfinity, double.PositiveInfinity);
        var w = b.AddConstant("w", 2);
        var s = b.AddBinary("b");
        b.SetObjective(x, 4);
        b.SetObjective(y, 2);
        b.SetObjective(z, -1);
        b.SetObjective(w, 1);
        b.SetObjective(s, 5);
        b.AddObjectiveOffset(5);
        b.AddLessOrEqual("cap", new[] { new Term(x, 2), new Term(y, 2) }, 7);
        b.AddRow("diff", new[] { new Term(x, 1), new Term(y, -1) }, -1, 2);
        b.AddEquality("link", new[] { new Term(z, 1), new Term(x, -1) }, -1);
        b.AddLessOrEqual("pick", new[] { new Term(x, 1), new Term(s, 4) }, 4);
        return b.Build(start);
    }

    public const double MipOptimum = 16;

    /// <summary>x + y ≥ 5 and x + y ≤ 4: no point at all.</summary>
    public static MipModel Infeasible(bool integer)
    {
        var b = new MipModelBuilder("infeasible");
        var x = b.AddVariable("x", 0, 10, integer);
        var y = b.AddVariable("y", 0, 10, integer);
        b.SetObjective(x, 1);
        b.AddGreaterOrEqual("low", new[] { new Term(x, 1), new Term(y, 1) }, 5);
        b.AddLessOrEqual("high", new[] { new Term(x, 1), new Term(y, 1) }, 4);
        return b.Build();
    }

    /// <summary>max x + y with x − y ≤ 1, x, y ≥ 0: y grows without end.</summary>
    public static MipModel Unbounded(bool integer)
    {
        var b = new MipModelBuilder("unbounded");
        var x = b.AddVariable("x", 0, double.PositiveInfinity, integer);
        var y = b.AddVariable("y", 0, double.PositiveInfinity, integer);
        b.SetObjective(x, 1);
        b.SetObjective(y, 1);
        b.AddLessOrEqual("r", new[] { new Term(x, 1), new Term(y, -1) }, 1);
        return b.Build();
    }

    /// <summary>
    /// A market split instance (Cornuéjols–Dawande): Σ a_ij x_j + p_i − n_i = ⌊Σ_j a_ij / 2⌋ with
    /// binaries x, maximise −Σ (p + n). Famously hard for branch and bound at 6 × 40; the
    /// optimum is almost surely below 0, while the LP bound stays at 0. With
    /// <paramref name="withStart"/> the start sets x at random and the slacks to match.
    /// </summary>
    public static MipModel MarketSplit(int rows, int columns, int seed, bool withStart = false)
    {
        var rng = new Random(seed);
        var b = new MipModelBuilder($"market-{rows}x{columns}");
        var x = Enumerable.Range(0, columns).Select(j => b.AddBinary($"x{j}")).ToArray();
        var a = new int[rows, columns];
        var start = new List<double>();
        var pick = Enumerable.Range(0, columns).Select(_ => (double)rng.Next(2)).ToArray();
        start.AddRange(pick);
        var slacks = new List<double>();
        for (var i = 0; i < rows; i++)
        {
            var p = b.AddVariable($"p{i}", 0, double.PositiveInfinity);
            var n = b.AddVariable($"n{i}", 0, double.PositiveInfinity);
            b.SetObjective(p, -1);
            b.SetObjective(n, -1);
            var terms = new List<Term> { new(p, 1), new(n, -1) };
            double total = 0;
            double activity = 0;
            for (var j = 0; j < columns; j++)
            {
                a[i, j] = rng.Next(100);
                total += a[i, j];
                activity += a[i, j] * pick[j];
                terms.Add(new Term(x[j], a[i, j]));
            }

            var rhs = Math.Floor(total / 2);
            b.AddEquality($"split{i}", terms, rhs);
            slacks.Add(Math.Max(0, rhs - activity));
            slacks.Add(Math.Max(0, activity - rhs));
        }

        start.AddRange(slacks);
        return b.Build(withStart ? start.ToArray() : null);
    }

    /// <summary>A small random bounded MIP: mixed integer and continuous columns, ≤ and ranged rows.</summary>
    public static MipModel Random(int seed)
    {
        var rng = new Random(seed);
        var b = new MipModelBuilder($"random{seed}");
        var n = 4 + rng.Next(5);
        var vars = new Var[n];
        for (var j = 0; j < n; j++)
        {
            var integer = rng.NextDouble() < 0.6;
            var lower = -rng.Next(4);
            var upper = lower + 1 + rng.Next(6);
            vars[j] = b.AddVariable($"v{j}", lower, upper, integer);
            b.SetObjective(vars[j], Math.Round((rng.NextDouble() * 10) - 4, 2));
        }

        var m = 2 + rng.Next(4);
        for (var i = 0; i < m; i++)
        {
            var terms = vars.Where(_ => rng.NextDouble() < 0.7)
                .Select(v => new Term(v, Math.Round((rng.NextDouble() * 8) - 3, 1))).ToList();
            var rhs = Math.Round(rng.NextDouble() * 10, 1);
            if (rng.NextDouble() < 0.3)
            {
                b.AddRow($"r{i}", terms, rhs - 6, rhs);
            }
            else
            {
                b.AddLessOrEqual($"r{i}", terms, rhs);
            }
        }

        b.AddObjectiveOffset(Math.Round(rng.NextDouble() * 4 - 2, 3));
        return b.Build();
    }
}
