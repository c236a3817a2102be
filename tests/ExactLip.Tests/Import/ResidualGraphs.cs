using ExactLip.Network;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// Small graphs that are not chains, each in a network x[3] → Gemm → h[4] → graph → g[4] →
/// Gemm → y[2], with the graph's own formula and derivative computed here from the weights (an
/// independent reference: no layer code): residual blocks whose skip is or is not a ReLU
/// output, x + x, a Concat of two branches, the difference and the maximum of two branches.
/// </summary>
public static class ResidualGraphs
{
    private static readonly double[][] W1 = PiecewiseOperators.W1;
    private static readonly double[] B1 = PiecewiseOperators.B1;
    private static readonly double[][] W2 = PiecewiseOperators.W2;
    private static readonly double[] B2 = PiecewiseOperators.B2;

    public static readonly double[][] Wa = { new[] { 0.5, -0.25, 1, 0 }, new[] { -1, 0.75, 0.5, 0.25 }, new[] { 0.25, 0.5, -0.5, 1 }, new[] { 0, -1, 0.25, -0.75 } };
    public static readonly double[][] Wb = { new[] { -0.5, 1, 0, 0.25 }, new[] { 0.75, 0.25, -1, 0.5 }, new[] { 1, -0.5, 0.25, 0 }, new[] { -0.25, 0, 0.5, 1 } };

    /// <summary>Case name → (the nodes from "h" to "g", g(h), ∂g/∂h away from kinks, the values whose sign changes are kinks).</summary>
    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        // g = Wb·relu(Wa·r) + r with r = relu(h): the skip is a ReLU output (carried as stable neurons).
        ["skip_relu_output"] = new(
            b => b.Node("Relu", new[] { "h" }, new[] { "r" }).Node("Gemm", new[] { "r", "wa" }, new[] { "p" }, Attr("transB", 1L))
                .Node("Relu", new[] { "p" }, new[] { "u" }).Node("Gemm", new[] { "u", "wb" }, new[] { "v" }, Attr("transB", 1L))
                .Node("Add", new[] { "v", "r" }, new[] { "g" }),
            h => Add(Mul(Wb, Relu(Mul(Wa, Relu(h)))), Relu(h)),
            h => Dot(Add(Dot(Wb, Dot(Diag(Step(Mul(Wa, Relu(h)))), Wa)), Identity()), Diag(Step(h))),
            h => h.Concat(Mul(Wa, Relu(h))).ToArray()),

        // g = Wb·relu(Wa·h) + h: the skip is signed (carried as the pair relu(h), relu(−h)).
        ["skip_signed"] = new(
            b => b.Node("Gemm", new[] { "h", "wa" }, new[] { "p" }, Attr("transB", 1L)).Node("Relu", new[] { "p" }, new[] { "u" })
                .Node("Gemm", new[] { "u", "wb" }, new[] { "v" }, Attr("transB", 1L)).Node("Add", new[] { "h", "v" }, new[] { "g" }),
            h => Add(Mul(Wb, Relu(Mul(Wa, h))), h),
            h => Add(Dot(Wb, Dot(Diag(Step(Mul(Wa, h))), Wa)), Identity()),
            h => Mul(Wa, h)),

        // g = relu(h + h): one tensor read twice by one node.
        ["self_sum"] = new(
            b => b.Node("Add", new[] { "h", "h" }, new[] { "s" }).Node("Relu", new[] { "s" }, new[] { "g" }),
            h => Relu(Add(h, h)),
            h => Dot(Diag(Step(h)), Add(Identity(), Identity())),
            h => h),

        // g = [relu(Wa·h)₀..₁, (Wb·h)₀..₁]: two branches side by side; the linear one is live across the ReLU.
        ["concat_branches"] = new(
            b => b.Node("Gemm", new[] { "h", "wb2" }, new[] { "q" }, Attr("transB", 1L)).Node("Gemm", new[] { "h", "wa2" }, new[] { "p" }, Attr("transB", 1L))
                .Node("Relu", new[] { "p" }, new[] { "u" }).Node("Concat", new[] { "u", "q" }, new[] { "g" }, Attr("axis", 1L)),
            h => Relu(Mul(Wa[..2], h)).Concat(Mul(Wb[..2], h)).ToArray(),
            h => Dot(Diag(Step(Mul(Wa[..2], h))), Wa[..2]).Concat(Wb[..2]).ToArray(),
            h => Mul(Wa[..2], h)),

        // g = relu(Wa·h) − relu(Wb·h): the difference of two branches.
        ["sub_branches"] = new(
            b => b.Node("Gemm", new[] { "h", "wa" }, new[] { "p" }, Attr("transB", 1L)).Node("Gemm", new[] { "h", "wb" }, new[] { "q" }, Attr("transB", 1L))
                .Node("Relu", new[] { "p" }, new[] { "u" }).Node("Relu", new[] { "q" }, new[] { "w" }).Node("Sub", new[] { "u", "w" }, new[] { "g" }),
            h => Sub(Relu(Mul(Wa, h)), Relu(Mul(Wb, h))),
            h => Sub(Dot(Diag(Step(Mul(Wa, h))), Wa), Dot(Diag(Step(Mul(Wb, h))), Wb)),
            h => Mul(Wa, h).Concat(Mul(Wb, h)).ToArray()),

        // g = max(Wa·h, Wb·h): the maximum of two branches.
        ["max_branches"] = new(
            b => b.Node("Gemm", new[] { "h", "wa" }, new[] { "p" }, Attr("transB", 1L)).Node("Gemm", new[] { "h", "wb" }, new[] { "q" }, Attr("transB", 1L))
                .Node("Max", new[] { "p", "q" }, new[] { "g" }),
            h => Mul(Wa, h).Zip(Mul(Wb, h), Math.Max).ToArray(),
            h => Mul(Wa, h).Zip(Mul(Wb, h)).Select((p, i) => p.Second > p.First ? Wb[i] : Wa[i]).ToArray(),
            h => Sub(Mul(Wb, h), Mul(Wa, h))),
    };

    public static NeuralNetwork Load(string name)
    {
        var b = new OnnxBuilder().Input("x", 1, 3).Output("y", 1, 2)
            .Initializer("w1", new long[] { 4, 3 }, Floats(W1)).Initializer("b1", new long[] { 4 }, B1.Select(v => (float)v).ToArray())
            .Initializer("w2", new long[] { 2, 4 }, Floats(W2)).Initializer("b2", new long[] { 2 }, B2.Select(v => (float)v).ToArray())
            .Initializer("wa", new long[] { 4, 4 }, Floats(Wa)).Initializer("wb", new long[] { 4, 4 }, Floats(Wb))
            .Initializer("wa2", new long[] { 2, 4 }, Floats(Wa[..2])).Initializer("wb2", new long[] { 2, 4 }, Floats(Wb[..2]))
            .Node("Gemm", new[] { "x", "w1", "b1" }, new[] { "h" }, Attr("transB", 1L));
        Cases[name].Build(b);
        return b.Node("Gemm", new[] { "g", "w2", "b2" }, new[] { "y" }, Attr("transB", 1L)).Load();
    }

    /// <summary>y = W2·g(W1 x + b1) + b2 with the graph's formula.</summary>
    public static double[] Output(string name, double[] x) => Add(Mul(W2, Cases[name].G(PiecewiseOperators.Hidden(x))), B2);

    /// <summary>J = W2·(∂g/∂h)·W1.</summary>
    public static double[][] Jacobian(string name, double[] x) => Dot(W2, Dot(Cases[name].Derivative(PiecewiseOperators.Hidden(x)), W1));

    /// <summary>True when a value whose sign is a kink of the graph lies within 10⁻⁷ of 0.</summary>
    public static bool NearKink(string name, double[] x) => Cases[name].Kinks(PiecewiseOperators.Hidden(x)).Any(v => Math.Abs(v) < 1e-7);

    private static float[] Floats(double[][] m) => m.SelectMany(r => r).Select(v => (float)v).ToArray();

    private static double[] Mul(double[][] m, double[] v) => m.Select(r => r.Zip(v, (a, b) => a * b).Sum()).ToArray();

    private static double[][] Dot(double[][] a, double[][] b) =>
        a.Select(r => Enumerable.Range(0, b[0].Length).Select(j => r.Select((v, k) => v * b[k][j]).Sum()).ToArray()).ToArray();

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (p, q) => p + q).ToArray();

    private static double[] Sub(double[] a, double[] b) => a.Zip(b, (p, q) => p - q).ToArray();

    private static double[][] Add(double[][] a, double[][] b) => a.Zip(b, Add).ToArray();

    private static double[][] Sub(double[][] a, double[][] b) => a.Zip(b, Sub).ToArray();

    private static double[] Relu(double[] v) => v.Select(a => Math.Max(a, 0)).ToArray();

    private static double[] Step(double[] v) => v.Select(a => a > 0 ? 1.0 : 0).ToArray();

    private static double[][] Diag(double[] d) => d.Select((v, i) => d.Select((_, j) => i == j ? v : 0).ToArray()).ToArray();

    private static double[][] Identity() => Diag(new[] { 1.0, 1, 1, 1 });

    public sealed record Case(Action<OnnxBuilder> Build, Func<double[], double[]> G, Func<double[], double[][]> Derivative, Func<double[], double[]> Kinks);
}
