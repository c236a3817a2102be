using ExactLip.BranchAndBound;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The small LP max c·x over {lo ≤ x ≤ hi, g_i·x ≥ h_i} of the split multipliers: where it
/// returns its vertex, the vertex is feasible and the multipliers' Lagrangian bound equals c at
/// it (weak duality makes that a proof of optimality); asked to stop below a value, it stops
/// with multipliers whose bound is already below it, and returns no vertex.
/// </summary>
public class BoxedLpTests
{
    [Fact]
    public void TheVertexItReturns_IsFeasibleAndOptimal_AndAStopValueStopsItBelowThatValue()
    {
        var rng = new Random(41);
        var optimal = 0;
        var stopped = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var n = 2 + (trial % 5);
            var m = 1 + (trial % 7);
            var (lo, hi, inside, g, h, c) = RandomLp(rng, n, m);

            var y = BoxedLp.Multipliers(c, g, h, lo, hi, double.NegativeInfinity, out var vertex);
            var bound = Lagrangian(c, g, h, lo, hi, y);
            bound.Should().BeGreaterThanOrEqualTo(Dot(c, inside) - 1e-9, $"trial {trial}: weak duality at a feasible point");
            if (vertex is null)
            {
                continue;
            }

            optimal++;
            for (var t = 0; t < n; t++)
            {
                vertex[t].Should().BeInRange(lo[t] - 1e-9, hi[t] + 1e-9, $"trial {trial}");
            }

            for (var i = 0; i < m; i++)
            {
                Dot(g[i], vertex).Should().BeGreaterThanOrEqualTo(h[i] - 1e-9, $"trial {trial}, row {i}");
            }

            bound.Should().BeApproximately(Dot(c, vertex), 1e-9, $"trial {trial}: the bound is attained at the vertex");

            // Halfway between the box's maximum and the optimum: the run stops there, below it.
            var boxMaximum = c.Select((ct, t) => Math.Max(ct * lo[t], ct * hi[t])).Sum();
            if (boxMaximum - bound > 1e-6)
            {
                var stop = bound + (0.5 * (boxMaximum - bound));
                var early = BoxedLp.Multipliers(c, g, h, lo, hi, stop, out var none);
                none.Should().BeNull($"trial {trial}: a run that stops has no optimal vertex");
                Lagrangian(c, g, h, lo, hi, early).Should().BeLessThan(stop + 1e-12, $"trial {trial}");
                stopped++;
            }
        }

        optimal.Should().BeGreaterThan(180, "the runs end at an optimal vertex almost always");
        stopped.Should().BeGreaterThan(50);
    }

    /// <summary>
    /// Started from the optimal active constraints of the same LP without its last row (a
    /// neuron split adds one), the run ends at the same optimum as from the box: a vertex that
    /// is feasible, whose value the multipliers' bound attains and equals the cold run's; and a
    /// start it cannot use (a repeated constraint, a code out of range, constraints of another
    /// objective) still gives that optimum.
    /// </summary>
    [Fact]
    public void AWarmStart_FromTheOptimumWithOneRowFewer_EndsAtTheSameOptimum()
    {
        var rng = new Random(43);
        var warmed = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var n = 2 + (trial % 6);
            var m = 2 + (trial % 6);
            var (lo, hi, inside, g, h, c) = RandomLp(rng, n, m);

            var fewer = BoxedLp.Multipliers(c, g[..^1], h[..^1], lo, hi, double.NegativeInfinity, null, out _, out var basis);
            var cold = BoxedLp.Multipliers(c, g, h, lo, hi, double.NegativeInfinity, null, out var coldVertex, out _);
            if (basis is null || coldVertex is null)
            {
                continue;
            }

            fewer.Should().HaveCount(m - 1);
            var coldBound = Lagrangian(c, g, h, lo, hi, cold);
            var other = basis.Select(q => q).ToArray();
            other[0] = other.Length > 1 ? other[1] : n + m;
            foreach (var start in new[] { basis, other, basis.Select(_ => n + m + 5).ToArray(), basis.Select(q => -1 - q).ToArray() })
            {
                var y = BoxedLp.Multipliers(c, g, h, lo, hi, double.NegativeInfinity, start, out var vertex, out var final);
                vertex.Should().NotBeNull($"trial {trial}: the run reaches the optimum");
                final.Should().NotBeNull().And.HaveCount(n);
                for (var i = 0; i < m; i++)
                {
                    Dot(g[i], vertex!).Should().BeGreaterThanOrEqualTo(h[i] - 1e-9, $"trial {trial}, row {i}");
                }

                var bound = Lagrangian(c, g, h, lo, hi, y);
                bound.Should().BeApproximately(Dot(c, vertex!), 1e-9, $"trial {trial}: the bound is attained at the vertex");
                bound.Should().BeApproximately(coldBound, 1e-8, $"trial {trial}: the same optimum as from the box");
            }

            warmed++;
        }

        warmed.Should().BeGreaterThan(150);
    }

    /// <summary>A random box, a point inside it, m rows that the point satisfies with some slack, and an objective.</summary>
    private static (double[] Lo, double[] Hi, double[] Inside, double[][] G, double[] H, double[] C) RandomLp(Random rng, int n, int m)
    {
        var lo = Enumerable.Range(0, n).Select(_ => -rng.NextDouble()).ToArray();
        var hi = lo.Select(l => l + 0.2 + rng.NextDouble()).ToArray();
        var inside = lo.Select((l, t) => l + (rng.NextDouble() * (hi[t] - l))).ToArray();
        var g = Enumerable.Range(0, m).Select(_ => Enumerable.Range(0, n).Select(_ => (2 * rng.NextDouble()) - 1).ToArray()).ToArray();
        var h = g.Select(gi => Dot(gi, inside) - (0.1 * rng.NextDouble())).ToArray();
        var c = Enumerable.Range(0, n).Select(_ => (2 * rng.NextDouble()) - 1).ToArray();
        return (lo, hi, inside, g, h, c);
    }

    /// <summary>max over the box of (c + Σ y_i g_i)·x − Σ y_i h_i: the LP's bound for y ≥ 0.</summary>
    private static double Lagrangian(double[] c, double[][] g, double[] h, double[] lo, double[] hi, double[] y)
    {
        y.Should().OnlyContain(v => v >= 0);
        double value = 0;
        for (var t = 0; t < c.Length; t++)
        {
            var coefficient = c[t] + Enumerable.Range(0, g.Length).Sum(i => y[i] * g[i][t]);
            value += Math.Max(coefficient * lo[t], coefficient * hi[t]);
        }

        return value - Enumerable.Range(0, g.Length).Sum(i => y[i] * h[i]);
    }

    private static double Dot(double[] a, double[] b) => a.Select((v, t) => v * b[t]).Sum();
}
