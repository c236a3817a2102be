using ExactLip.Network;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// The piecewise-linear element-wise operators the importer writes through ReLUs, each in a
/// small network x[3] → Gemm → operator → Gemm → y[2], with the operator's own formula and
/// derivative computed here from the weights (an independent reference: no layer code).
/// </summary>
public static class PiecewiseOperators
{
    public static readonly double[][] W1 = { new[] { 0.5, -1, 0.25 }, new[] { -0.75, 0.5, 1 }, new[] { 1, 1, -0.5 }, new[] { 0.25, -0.5, -1 } };
    public static readonly double[] B1 = { 0.125, -0.25, 0.0625, 0 };
    public static readonly double[][] W2 = { new[] { 1, -0.5, 0.75, 2 }, new[] { -1, 0.25, 0.5, -1.5 } };
    public static readonly double[] B2 = { 0.375, -0.125 };

    public static readonly double Alpha = 0.1f;
    public static readonly double Lo = -0.3f;
    public static readonly double Hi = 0.4f;
    public static readonly double[] Floor = { -0.2f, 0.1f, 0, -1 };

    /// <summary>Case name → (the operator's node(s) from "h" to "g", opset, f(i, v), f′(i, v) away from kinks).</summary>
    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        ["leakyrelu"] = new(b => b.Node("LeakyRelu", new[] { "h" }, new[] { "g" }, Attr("alpha", 0.1f)), 13, (_, v) => v >= 0 ? v : Alpha * v, (_, v) => v > 0 ? 1 : Alpha),
        ["leakyrelu_half"] = new(b => b.Node("LeakyRelu", new[] { "h" }, new[] { "g" }, Attr("alpha", 0.5f)), 13, (_, v) => v >= 0 ? v : 0.5 * v, (_, v) => v > 0 ? 1 : 0.5),
        ["leakyrelu_zero"] = new(b => b.Node("LeakyRelu", new[] { "h" }, new[] { "g" }, Attr("alpha", 0f)), 13, (_, v) => Math.Max(v, 0), (_, v) => v > 0 ? 1 : 0),
        ["leakyrelu_steep"] = new(b => b.Node("LeakyRelu", new[] { "h" }, new[] { "g" }, Attr("alpha", 1.5f)), 13, (_, v) => v >= 0 ? v : 1.5 * v, (_, v) => v > 0 ? 1 : 1.5),
        ["hardsigmoid"] = new(b => b.Node("HardSigmoid", new[] { "h" }, new[] { "g" }, Attr("alpha", 0.75f), Attr("beta", 0.375f)), 13, (_, v) => Math.Max(0, Math.Min(1, (0.75 * v) + 0.375)), (_, v) => (0.75 * v) + 0.375 is > 0 and < 1 ? 0.75 : 0),
        ["clip"] = new(b => b.Scalar("lo", -0.3f).Scalar("hi", 0.4f).Node("Clip", new[] { "h", "lo", "hi" }, new[] { "g" }), 13, (_, v) => Math.Min(Math.Max(v, Lo), Hi), (_, v) => v > Lo && v < Hi ? 1 : 0),
        ["clip_min_only"] = new(b => b.Scalar("lo", -0.3f).Node("Clip", new[] { "h", "lo" }, new[] { "g" }), 13, (_, v) => Math.Max(v, Lo), (_, v) => v > Lo ? 1 : 0),
        ["clip_max_only"] = new(b => b.Scalar("hi", 0.4f).Node("Clip", new[] { "h", string.Empty, "hi" }, new[] { "g" }), 13, (_, v) => Math.Min(v, Hi), (_, v) => v < Hi ? 1 : 0),
        ["clip_attributes"] = new(b => b.Node("Clip", new[] { "h" }, new[] { "g" }, Attr("min", -0.3f), Attr("max", 0.4f)), 10, (_, v) => Math.Min(Math.Max(v, Lo), Hi), (_, v) => v > Lo && v < Hi ? 1 : 0),
        ["max"] = new(b => b.Initializer("c", new long[] { 4 }, -0.2f, 0.1f, 0, -1).Node("Max", new[] { "h", "c" }, new[] { "g" }), 13, (i, v) => Math.Max(v, Floor[i]), (i, v) => v > Floor[i] ? 1 : 0),
        ["min"] = new(b => b.Scalar("c", 0.4f).Node("Min", new[] { "c", "h" }, new[] { "g" }), 13, (_, v) => Math.Min(v, Hi), (_, v) => v < Hi ? 1 : 0),
        ["max_of_three"] = new(b => b.Initializer("c", new long[] { 4 }, -0.2f, 0.1f, 0, -1).Scalar("d", -0.3f).Node("Max", new[] { "c", "h", "d" }, new[] { "g" }), 13, (i, v) => Math.Max(v, Math.Max(Floor[i], Lo)), (i, v) => v > Math.Max(Floor[i], Lo) ? 1 : 0),
    };

    public static NeuralNetwork Load(string name)
    {
        var c = Cases[name];
        var b = new OnnxBuilder(c.Opset).Input("x", 1, 3).Output("y", 1, 2)
            .Initializer("w1", new long[] { 4, 3 }, W1.SelectMany(r => r).Select(v => (float)v).ToArray())
            .Initializer("b1", new long[] { 4 }, B1.Select(v => (float)v).ToArray())
            .Initializer("w2", new long[] { 2, 4 }, W2.SelectMany(r => r).Select(v => (float)v).ToArray())
            .Initializer("b2", new long[] { 2 }, B2.Select(v => (float)v).ToArray())
            .Node("Gemm", new[] { "x", "w1", "b1" }, new[] { "h" }, Attr("transB", 1L));
        c.Build(b);
        return b.Node("Gemm", new[] { "g", "w2", "b2" }, new[] { "y" }, Attr("transB", 1L)).Load();
    }

    public static double[] Hidden(double[] x) => Enumerable.Range(0, 4).Select(i => B1[i] + Enumerable.Range(0, 3).Sum(j => W1[i][j] * x[j])).ToArray();

    /// <summary>y = W2·f(W1 x + b1) + b2 with the operator's formula.</summary>
    public static double[] Output(string name, double[] x)
    {
        var h = Hidden(x);
        var g = h.Select((v, i) => Cases[name].F(i, v)).ToArray();
        return Enumerable.Range(0, 2).Select(o => B2[o] + Enumerable.Range(0, 4).Sum(i => W2[o][i] * g[i])).ToArray();
    }

    /// <summary>J = W2·diag(f′(h))·W1.</summary>
    public static double[][] Jacobian(string name, double[] x)
    {
        var h = Hidden(x);
        var d = h.Select((v, i) => Cases[name].Derivative(i, v)).ToArray();
        return Enumerable.Range(0, 2).Select(o => Enumerable.Range(0, 3).Select(j => Enumerable.Range(0, 4).Sum(i => W2[o][i] * d[i] * W1[i][j])).ToArray()).ToArray();
    }

    /// <summary>True when a hidden value lies within 10⁻⁷ of a kink of the operator, where its derivative is one-sided.</summary>
    public static bool NearKink(string name, double[] x)
    {
        var f = Cases[name];
        return Hidden(x).Select((v, i) => f.Derivative(i, v + 1e-7) != f.Derivative(i, v - 1e-7)).Any(k => k);
    }

    private static OnnxBuilder Scalar(this OnnxBuilder b, string name, float value) => b.Initializer(name, Array.Empty<long>(), value);

    public sealed record Case(Action<OnnxBuilder> Build, long Opset, Func<int, double, double> F, Func<int, double, double> Derivative);
}
