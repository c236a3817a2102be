using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests.Exact;

/// <summary>
/// One network of the degenerate corpus, its box and output weights c, and — where derived on
/// paper — the true ‖∇(cᵀf)‖₁ over the box (ℓ∞ input), which the oracle must reproduce.
/// </summary>
/// <param name="Careless">What a method that trusts ReLU′(0) or drops thin regions would answer, for the record.</param>
public sealed record DegenerateCase(string Name, NeuralNetwork Network, Box Box, double[] C, double? ByHand, string Careless)
{
    public override string ToString() => Name;
}

/// <summary>
/// Tiny networks (at most 3 inputs and 8 neurons, LeakyRelu layers and a LeakyRelu written through ReLUs among them) whose geometry is not in general position:
/// kinks through the box centre, coincident and opposite hyperplanes, duplicated and zero
/// neurons, regions far thinner than the box, boxes of radius 1e-9 or centred at 1e6, and
/// weights from 1e-6 to 1e6 in one network. Real networks meet each of these (pruned weights,
/// bias-free layers at the input 0, mirrored neurons); the engines must stay exact or say bounds.
/// </summary>
public static class DegenerateNetworks
{
    public static IReadOnlyList<DegenerateCase> All { get; } = Build();

    public static DegenerateCase Get(string name) => All.Single(c => c.Name == name);

    private static List<DegenerateCase> Build() => new()
    {
        // 3·relu(x+1) − 2·relu(x) + 2·relu(−x) = x + 3 on [−½, ½]: at the centre, on both kinks,
        // ReLU′(0) = 0 gives slope 3, which no open region has.
        new("xplus3", XPlus3(0), Unit(1, 0.5), One, 1, "3 (ReLU′(0) = 0 at the centre)"),

        // 1000·(relu(x) − relu(x − 1e-8)) + ½·relu(x + 10): slope 1000.5 on a region of width 1e-8.
        new("thin-1e-8", Net(1, Dense(1, 3, new[] { 1.0, 1, 1 }, new[] { 0, -1e-8, 10 }), Relu(3), Dense(3, 1, new[] { 1000, -1000, 0.5 }, Zeros(1))), Unit(1, 1), One, 1000.5, "0.5 (the thin region dropped)"),

        // The same in two inputs, a slab of width 1e-10/√2 across [−1, 1]²: gradient 1000·(1, 1) + (½, 0) inside.
        new("slab-1e-10-2d", Net(2, Dense(2, 3, new[] { 1.0, 1, 1, 1, 1, 0 }, new[] { 0, -1e-10, 10 }), Relu(3), Dense(3, 1, new[] { 1000, -1000, 0.5 }, Zeros(1))), Unit(2, 1), One, 2000.5, "0.5 (the thin slab dropped)"),

        // relu(x) − relu(−x) = x: opposite hyperplanes through the centre.
        new("odd-identity", TestNetworks.OddIdentity(), Unit(1, 1), One, 1, "2 (both neurons on at 0)"),

        // relu(x − ½) − relu(−x − ½): the worst pattern (both on) is empty in the box.
        new("opposite-hinges", TestNetworks.OppositeHinges(), Unit(1, 1), One, 1, "2 (the empty pattern)"),

        // 2·relu(x) − relu(x) = relu(x): coincident hyperplanes; on/off would give 2.
        new("duplicated", Net(1, Dense(1, 2, new[] { 1.0, 1 }, Zeros(2)), Relu(2), Dense(2, 1, new[] { 2.0, -1 }, Zeros(1))), Unit(1, 1), One, 1, "2 (duplicates split on/off)"),

        // 3·relu(x₁ − x₂) − 2·relu(x₁ − x₂) + relu(x₁ + x₂ + ½): ‖(2, 0)‖₁ = ‖(1, ±1)‖₁ = 2; on/off would give ‖(4, −2)‖₁ = 6.
        new("duplicated-2d", Net(2, Dense(2, 3, new[] { 1.0, -1, 1, -1, 1, 1 }, new[] { 0, 0, 0.5 }), Relu(3), Dense(3, 1, new[] { 3.0, -2, 1 }, Zeros(1))), Unit(2, 1), One, 2, "6 (duplicates split on/off)"),

        // relu(u) − relu(−u) + ½·relu(x₁) with u = x₁ + 2x₂: gradients (1, 2) and (1.5, 2); both on at u = 0 would give (2.5, 4).
        new("mirrored-2d", Net(2, Dense(2, 3, new[] { 1.0, 2, -1, -2, 1, 0 }, Zeros(3)), Relu(3), Dense(3, 1, new[] { 1, -1, 0.5 }, Zeros(1))), Unit(2, 1), One, 3.5, "6.5 (both mirrored neurons on)"),

        // |x| through relu(x), relu(−x) and a zero neuron (weights and bias 0) in each layer, the second-layer one with output weight 9.
        new("zero-neurons", Net(1, Dense(1, 3, new[] { 1.0, -1, 0 }, Zeros(3)), Relu(3), Dense(3, 2, new[] { 0.0, 0, 0, 1, 1, 5 }, Zeros(2)), Relu(2), Dense(2, 1, new[] { 9.0, 1 }, Zeros(1))), Unit(1, 1), One, 1, "a region dropped for its zero neuron"),

        // Two bias-free ReLU layers on [−1, 1]²: every hyperplane passes through the centre.
        new("bias-free-2d", Net(2, Dense(2, 3, new[] { 1.0, 1, 1, -1, -1, 2 }, Zeros(3)), Relu(3), Dense(3, 2, new[] { 1.0, -1, 1, -1, 1, 1 }, Zeros(2)), Relu(2), Dense(2, 2, new[] { 1.0, -2, 0.5, 1 }, Zeros(2))), Unit(2, 1), new[] { 1.0, -0.5 }, null, "a pattern met only at the centre"),

        // The same in three inputs with two outputs.
        new("bias-free-3d", Net(3, Dense(3, 4, new[] { 1.0, 0, -1, 0, 1, 1, -1, 1, 0, 1, -2, 1 }, Zeros(4)), Relu(4), Dense(4, 3, new[] { 1.0, -1, 0, 2, 0, 1, 1, -1, -1, 0, 2, 1 }, Zeros(3)), Relu(3), Dense(3, 2, new[] { 1.0, 1, -1, 2, -1, 1 }, Zeros(2))), Unit(3, 1), new[] { 1.0, -0.5 }, null, "a pattern met only at the centre"),

        // Kinks x₁ + x₂ = 0.1 and x₁ = 0.3 through the centre of a box of radius 1e-9:
        // 2·relu(x₁ + x₂ − 0.1) + 3·relu(x₁ − 0.3), gradient (5, 2) in the quadrant with both on.
        new("radius-1e-9-2d", Net(2, Dense(2, 2, new[] { 1.0, 1, 1, 0 }, new[] { -0.1, -0.3 }), Relu(2), Dense(2, 1, new[] { 2.0, 3 }, Zeros(1))), Box.Ball(new[] { 0.3, -0.2 }, 1e-9), One, 7, "the quadrants dropped as too thin"),

        // x + 3 on a box of radius 1e-9 around its double kink.
        new("radius-1e-9-xplus3", XPlus3(0), Unit(1, 1e-9), One, 1, "3 (ReLU′(0) = 0 at the centre)"),

        // x + 3 shifted to 1e6: 3·relu(x − 1e6 + 1) − 2·relu(x − 1e6) + 2·relu(1e6 − x) on 1e6 ± ½.
        new("centre-1e6-xplus3", XPlus3(1e6), Box.Ball(new[] { 1e6 }, 0.5), One, 1, "3 (ReLU′(0) = 0 at the centre)"),

        // relu(x₁ − x₂) − relu(x₂ − x₁) = x₁ − x₂ around (1e6, 1e6), radius 1 and radius 1e-9.
        new("centre-1e6-2d", OddDifference(), Box.Ball(new[] { 1e6, 1e6 }, 1), One, 2, "4 (both neurons on at the centre)"),
        new("centre-1e6-radius-1e-9", OddDifference(), Box.Ball(new[] { 1e6, 1e6 }, 1e-9), One, 2, "4 (both neurons on at the centre)"),

        // 1e-6·relu(1e6·x₁ + 1e-6·x₂) − 1e-6·relu(1e-6·x₁ − 1e6·x₂) + 1e6·relu(x₁ + x₂), bias-free on [−1, 1]²:
        // all three on (x₁ > 0, −x₁ < x₂ < 1e-12·x₁) the gradient is (1e6 + 1 − 1e-12, 1e6 + 1 + 1e-12), ‖·‖₁ = 2e6 + 2
        // (to rounding of the weights); next best 2e6 + 1 + 1e-12 with the second neuron off. Every kink meets the centre.
        new("weights-1e-6-to-1e6", Net(2, Dense(2, 3, new[] { 1e6, 1e-6, 1e-6, -1e6, 1, 1 }, Zeros(3)), Relu(3), Dense(3, 1, new[] { 1e-6, -1e-6, 1e6 }, Zeros(1))), Unit(2, 1), One, 2e6 + 2, "2e6 + 1 (a badly scaled region LP misjudged)"),

        // Imported LeakyRelu (α = ¼) through the centre, one neuron of slope 1 or ¼ with its kink
        // at the centre; written as relu(x) − ¼·relu(−x), its two mirrored neurons both on would give 1¼.
        new("leakyrelu-centre", LeakyRelu(1, new[] { 1f }, 0.25f, new[] { 1f }), Unit(1, 1), One, 1, "1.25 (both mirrored neurons on)"),

        // LeakyRelu (α = ½) of u = x₁ − x₂ and v = x₁ + x₂, bias-free, output u′ − 2v′: gradient
        // (d₁ − 2d₂, −d₁ − 2d₂) with d ∈ {1, ½}, ‖·‖₁ at most 4 (d₂ = 1); as mirrored ReLU pairs,
        // both neurons of a pair on (d = 1½) would give 6.
        new("leakyrelu-2d", LeakyRelu(2, new[] { 1f, -1, 1, 1 }, 0.5f, new[] { 1f, -2 }), Unit(2, 1), One, 4, "6 (both mirrored neurons on)"),

        // LeakyRelu with α = 2 (not convex: imported as relu(x) − 2·relu(−x), two mirrored ReLUs)
        // through the centre: slope 1 or 2; both mirrored neurons on would give 3.
        // Two LeakyRelu layers (α = ½) in a 2-3-2-1 net with dyadic weights, and the same net with
        // α = 0 (a ReLU net): no value by hand, the oracle's regions are the truth. Written as
        // mirrored ReLU pairs, the α = ½ net's pairs both on would give derivatives 1½.
        new("leakyrelu-deep-half", Deep(0.5), Unit(2, 1), One, null, "a derivative of 1½ where a mirrored pair is both on"),
        new("leakyrelu-deep-zero", Deep(0), Unit(2, 1), One, null, "the ReLU net's value: α = 0 is ReLU"),

        new("leakyrelu-steep-centre", LeakyRelu(1, new[] { 1f }, 2f, new[] { 1f }), Unit(1, 1), One, 2, "3 (both mirrored neurons on)"),
    };

    private static double[] One => new[] { 1.0 };

    /// <summary>
    /// Gemm (bias-free) → LeakyRelu → Gemm to one output, read by the ONNX importer: one ReLU layer
    /// with negative slope α for 0 ≤ α &lt; 1, two mirrored ReLUs per neuron for any other α.
    /// </summary>
    private static NeuralNetwork LeakyRelu(int inputs, float[] first, float alpha, float[] second)
    {
        var hidden = second.Length;
        return new Import.OnnxBuilder().Input("x", 1, inputs).Output("y", 1, 1)
            .Initializer("w1", new long[] { hidden, inputs }, first).Initializer("w2", new long[] { 1, hidden }, second)
            .Node("Gemm", new[] { "x", "w1" }, new[] { "h" }, Import.OnnxBuilder.Attr("transB", 1L))
            .Node("LeakyRelu", new[] { "h" }, new[] { "g" }, Import.OnnxBuilder.Attr("alpha", alpha))
            .Node("Gemm", new[] { "g", "w2" }, new[] { "y" }, Import.OnnxBuilder.Attr("transB", 1L)).Load();
    }

    /// <summary>2 → 3 → 2 → 1 with LeakyRelu layers of negative slope <paramref name="alpha"/>.</summary>
    private static NeuralNetwork Deep(double alpha) => Net(
        2,
        Dense(2, 3, new[] { 1, -0.5, 0.25, 1, -1, -0.75 }, new[] { 0.25, -0.5, 0.125 }),
        new ReluLayer(Shape.Vector(3), alpha),
        Dense(3, 2, new[] { 1, -1, 0.5, 0.5, 0.75, -1 }, new[] { 0, 0.25 }),
        new ReluLayer(Shape.Vector(2), alpha),
        Dense(2, 1, new[] { 1.5, -2 }, Zeros(1)));

    /// <summary>3·relu(x − s + 1) − 2·relu(x − s) + 2·relu(s − x) = x − s + 3 for x ≥ s − 1.</summary>
    private static NeuralNetwork XPlus3(double shift) =>
        Net(1, Dense(1, 3, new[] { 1.0, 1, -1 }, new[] { 1 - shift, -shift, shift }), Relu(3), Dense(3, 1, new[] { 3.0, -2, 2 }, Zeros(1)));

    private static NeuralNetwork OddDifference() =>
        Net(2, Dense(2, 2, new[] { 1.0, -1, -1, 1 }, Zeros(2)), Relu(2), Dense(2, 1, new[] { 1.0, -1 }, Zeros(1)));

    private static Box Unit(int n, double radius) => Box.Ball(new double[n], radius);

    private static NeuralNetwork Net(int inputs, params Layer[] layers) => new($"degenerate-{inputs}", layers);

    private static AffineLayer Dense(int inputs, int outputs, double[] weights, double[] bias) => AffineLayer.Dense(inputs, outputs, weights, bias);

    private static ReluLayer Relu(int n) => new(Shape.Vector(n));

    private static double[] Zeros(int n) => new double[n];
}
