using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests.Exact;

/// <summary>
/// One step of an <see cref="ExactNetwork"/>: an affine map, or a ReLU (when <see cref="Weights"/>
/// is null) with its slope below the kink, <see cref="NegativeSlope"/> (0 for ReLU, α for LeakyRelu).
/// </summary>
public sealed record ExactStep(Rational[][]? Weights, Rational[] Bias, int Size)
{
    public bool IsRelu => Weights is null;

    public Rational NegativeSlope { get; init; } = Rational.Zero;
}

/// <summary>A point's exact pass: the output, the Jacobian of the region the point lies in, and any kink it sits on.</summary>
/// <param name="Kinks">Each pre-activation that is exactly 0 at the point while varying with x there ("layer 1 neuron 0"); empty when the point lies inside an open region.</param>
/// <param name="Pattern">The active neurons, layer by layer (a kink counts as inactive).</param>
public sealed record PointPass(Rational[] Output, Rational[][] Jacobian, IReadOnlyList<string> Kinks, string Pattern);

/// <summary>
/// A network of affine and ReLU layers in exact rational arithmetic. It reads only the layers'
/// matrices and biases (doubles, hence exact rationals) and nothing else of the engines.
/// </summary>
public sealed class ExactNetwork
{
    private ExactNetwork(int inputSize, IReadOnlyList<ExactStep> steps)
    {
        InputSize = inputSize;
        Steps = steps;
    }

    public int InputSize { get; }

    public IReadOnlyList<ExactStep> Steps { get; }

    public int OutputSize => Steps.Count == 0 ? InputSize : Steps[^1].Size;

    public static ExactNetwork From(NeuralNetwork network)
    {
        var steps = new List<ExactStep>();
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case LinearLayer linear:
                    var weights = new Rational[linear.OutputSize][];
                    for (var i = 0; i < weights.Length; i++)
                    {
                        weights[i] = new Rational[linear.InputSize];
                        foreach (var (column, w) in linear.Matrix.Row(i))
                        {
                            weights[i][column] += Rational.FromDouble(w);
                        }
                    }

                    steps.Add(new ExactStep(weights, linear.Bias.Select(Rational.FromDouble).ToArray(), linear.OutputSize));
                    break;
                case ReluLayer relu:
                    steps.Add(new ExactStep(null, Array.Empty<Rational>(), relu.InputSize) { NegativeSlope = Rational.FromDouble(relu.NegativeSlope) });
                    break;
                default:
                    throw new NotSupportedException($"The exact oracle handles affine and ReLU layers, not {layer.Kind}.");
            }
        }

        return new ExactNetwork(network.InputSize, steps);
    }

    /// <summary>The identity form: values = I·x + 0.</summary>
    public AffineForm Identity() => AffineForm.Identity(InputSize);

    /// <summary>
    /// The exact forward pass at <paramref name="x"/>, carrying each value's gradient in x. A
    /// pre-activation that is 0 at x but constant near x (its gradient is 0: a zero neuron, or one
    /// fed only by inactive neurons) is no kink: both ReLU′(0) choices give the same map there.
    /// </summary>
    public PointPass Pass(Rational[] x)
    {
        var form = Identity();
        var kinks = new List<string>();
        var pattern = new List<string>();
        var reluIndex = 0;
        foreach (var step in Steps)
        {
            if (!step.IsRelu)
            {
                form = form.Then(step);
                continue;
            }

            var active = new bool[step.Size];
            var values = form.At(x);
            for (var i = 0; i < step.Size; i++)
            {
                active[i] = values[i].Sign > 0;
                if (values[i].IsZero && !form.IsConstant(i))
                {
                    kinks.Add($"relu layer {reluIndex} neuron {i}");
                }
            }

            pattern.Add(new string(active.Select(a => a ? '1' : '0').ToArray()));
            form = form.Masked(active, step.NegativeSlope);
            reluIndex++;
        }

        return new PointPass(form.At(x), form.Slopes, kinks, string.Join("|", pattern));
    }
}

/// <summary>Values that are affine in the input: value_i = Slopes[i]·x + Offsets[i].</summary>
public sealed record AffineForm(Rational[][] Slopes, Rational[] Offsets)
{
    public static AffineForm Identity(int n)
    {
        var slopes = new Rational[n][];
        for (var i = 0; i < n; i++)
        {
            slopes[i] = new Rational[n];
            slopes[i][i] = Rational.One;
        }

        return new AffineForm(slopes, new Rational[n]);
    }

    public int InputSize => Slopes.Length == 0 ? 0 : Slopes[0].Length;

    /// <summary>The composition with the affine step W·(this) + b.</summary>
    public AffineForm Then(ExactStep step)
    {
        var weights = step.Weights!;
        var n = InputSize;
        var slopes = new Rational[weights.Length][];
        var offsets = new Rational[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            slopes[i] = new Rational[n];
            offsets[i] = step.Bias[i];
            for (var k = 0; k < weights[i].Length; k++)
            {
                var w = weights[i][k];
                if (w.IsZero)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    slopes[i][j] += w * Slopes[k][j];
                }

                offsets[i] += w * Offsets[k];
            }
        }

        return new AffineForm(slopes, offsets);
    }

    /// <summary>The ReLU at a fixed pattern: active values pass, inactive ones are multiplied by α (0 for ReLU).</summary>
    public AffineForm Masked(bool[] active, Rational alpha) => new(
        Slopes.Select((s, i) => active[i] ? s : s.Select(v => alpha * v).ToArray()).ToArray(),
        Offsets.Select((d, i) => active[i] ? d : alpha * d).ToArray());

    public bool IsConstant(int i) => Slopes[i].All(s => s.IsZero);

    public Rational[] At(Rational[] x)
    {
        var values = new Rational[Offsets.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Offsets[i];
            for (var j = 0; j < x.Length; j++)
            {
                values[i] += Slopes[i][j] * x[j];
            }
        }

        return values;
    }
}
