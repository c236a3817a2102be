using System.Numerics;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Mip;

/// <summary>
/// Interval propagation through rows: hand-derived boxes, a contradiction found by the rows alone,
/// and, on random layered models, every point that satisfies the rows lies in the boxes.
/// </summary>
public class ImpliedBoundsTests
{
    private static (double[] Lower, double[] Upper) Start(MipModel model) =>
        (model.Variables.Select(v => v.Lower).ToArray(), model.Variables.Select(v => v.Upper).ToArray());

    [Fact]
    public void Propagate_DefiningRows_GiveTheHandDerivedBoxes()
    {
        // x ∈ [−1, 2]; z = 3x + 1 ∈ [−2, 7]; w = z − 2x ∈ [−2 − 4, 7 + 2] = [−6, 9]; w ≥ 0.5 raises it.
        var b = new MipModelBuilder("chain");
        var x = b.AddVariable("x", -1, 2);
        var z = b.AddVariable("z", double.NegativeInfinity, double.PositiveInfinity);
        b.AddEquality("z", new[] { new Term(z, 1), new Term(x, -3) }, 1);
        var w = b.AddVariable("w", double.NegativeInfinity, double.PositiveInfinity);
        b.AddEquality("w", new[] { new Term(w, 1), new Term(z, -1), new Term(x, 2) }, 0);
        b.AddGreaterOrEqual("w>=", new[] { new Term(w, 2) }, 1);
        var model = b.Build();
        var (lower, upper) = Start(model);

        var (lo, hi) = ImpliedBounds.Propagate(model, lower, upper)!.Value;

        lo[z.Index].Should().BeInRange(-2 - 1e-12, -2);
        hi[z.Index].Should().BeInRange(7, 7 + 1e-12);
        lo[w.Index].Should().BeInRange(0.5 - 1e-12, 0.5);
        hi[w.Index].Should().BeInRange(9, 9 + 1e-12);
        lo[x.Index].Should().Be(-1);
        hi[x.Index].Should().Be(2);
    }

    [Fact]
    public void Propagate_RowsThatNoPointOfTheBoxMeets_GiveNull()
    {
        // z = x − 1 ≤ 0 on x ∈ [0, 1], but z ≥ 0.25 is asked for.
        var b = new MipModelBuilder("contradiction");
        var x = b.AddVariable("x", 0, 1);
        var z = b.AddVariable("z", double.NegativeInfinity, double.PositiveInfinity);
        b.AddEquality("z", new[] { new Term(z, 1), new Term(x, -1) }, -1);
        b.AddGreaterOrEqual("z>=", new[] { new Term(z, 1) }, 0.25);
        var model = b.Build();
        var (lower, upper) = Start(model);

        ImpliedBounds.Propagate(model, lower, upper).Should().BeNull();
    }

    [Fact]
    public void Propagate_RandomLayeredModels_ContainEveryPointOfTheRows()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            // Three layers of z = W·x + b with random (also tiny and huge) coefficients, all free.
            var b = new MipModelBuilder("layers");
            var width = 3;
            var inputs = Enumerable.Range(0, width).Select(i => b.AddVariable($"x{i}", -rng.NextDouble(), rng.NextDouble())).ToArray();
            var layers = new List<(Var[] Vars, double[,] W, double[] Bias)>();
            var previous = inputs;
            for (var layer = 0; layer < 3; layer++)
            {
                var w = new double[width, width];
                var bias = new double[width];
                var current = new Var[width];
                for (var i = 0; i < width; i++)
                {
                    current[i] = b.AddVariable($"z{layer}/{i}", double.NegativeInfinity, double.PositiveInfinity);
                    bias[i] = RandomNetworks.Normal(rng) * Math.Pow(10, rng.Next(-3, 4));
                    var terms = new List<Term> { new(current[i], 1) };
                    for (var j = 0; j < width; j++)
                    {
                        w[i, j] = RandomNetworks.Normal(rng) * Math.Pow(10, rng.Next(-8, 3));
                        terms.Add(new Term(previous[j], -w[i, j]));
                    }

                    b.AddEquality($"fwd{layer}/{i}", terms, bias[i]);
                }

                layers.Add((current, w, bias));
                previous = current;
            }

            var model = b.Build();
            var (lower, upper) = Start(model);
            var (lo, hi) = ImpliedBounds.Propagate(model, lower, upper)!.Value;
            lo.Concat(hi).Should().OnlyContain(v => double.IsFinite(v), $"trial {trial}");

            for (var s = 0; s < 200; s++)
            {
                // Corners and inner points, evaluated exactly: the values of layer k are integers
                // scaled by 2^(1074·(k + 1)), as every float64 is an integer times 2^−1074.
                var values = inputs.Select(v => model.Variables[v.Index]).Select(v => s % 2 == 0
                    ? (rng.Next(2) == 0 ? v.Lower : v.Upper)
                    : v.Lower + (rng.NextDouble() * (v.Upper - v.Lower))).Select(v => Scaled(v, 1)).ToArray();
                var scale = 1;
                foreach (var (vars, w, bias) in layers)
                {
                    scale++;
                    var next = new BigInteger[width];
                    for (var i = 0; i < width; i++)
                    {
                        next[i] = Scaled(bias[i], scale);
                        for (var j = 0; j < width; j++)
                        {
                            next[i] += Scaled(w[i, j], 1) * values[j];
                        }

                        Scaled(lo[vars[i].Index], scale).Should().BeLessThanOrEqualTo(next[i], $"trial {trial}");
                        Scaled(hi[vars[i].Index], scale).Should().BeGreaterThanOrEqualTo(next[i], $"trial {trial}");
                    }

                    values = next;
                }
            }
        }
    }

    /// <summary>v·2^(1074·units) exactly, as an integer.</summary>
    private static BigInteger Scaled(double v, int units)
    {
        var bits = BitConverter.DoubleToInt64Bits(v);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        mantissa = exponent == 0 ? mantissa : mantissa | (1L << 52);
        var shift = Math.Max(exponent, 1) - 1075 + (1074 * units);
        var magnitude = new BigInteger(mantissa) << shift;
        return v < 0 ? -magnitude : magnitude;
    }
}
