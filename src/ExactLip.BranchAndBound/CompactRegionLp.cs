using System.Runtime.CompilerServices;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A sub-domain's region LP over the inputs, the triangle outputs of the free neurons and δ only:
/// every pre-activation a row needs is written as one affine form over those variables, by
/// substituting the layers below it (back-substitution through the weights, the fixed and
/// stable neurons' signs, and the free neurons' outputs kept as variables). Its rows are those of
/// <see cref="RegionLp"/>'s LP (a sign row per fixed neuron, a triangle per free one before the
/// last layer with a fixed neuron) without the pre-activation variables and their equalities,
/// which made that LP hundreds of rows dense over the 784 inputs of an MNIST network; here it is
/// a few dozen.
/// Implementation note: the forms are computed in float64, so each carries a bound E on how far
/// it can be from the exact pre-activation at any point of the sub-domain (recursive-summation
/// error bounds, <see cref="RoundingError"/>, over bounds on the values each coefficient
/// multiplies), and every row is loosened by its E. The LP is then a relaxation of the
/// sub-domain, as <see cref="RegionLp"/>'s is, over the same boxes (<see cref="RegionModel.Domain"/>),
/// so its dual bound proves "empty" and its point, proven inside, "interior" exactly as there. A
/// region of measure zero has max δ = 0 exactly, which the loosening by E hides: such a
/// sub-domain, and any other this LP leaves undecided, goes to <see cref="RegionLp"/>'s exact LP.
/// </summary>
internal static class CompactRegionLp
{
    /// <summary>
    /// How many rows of one layer are back-substituted together: the matrices below are read once
    /// per batch, and a batch of forms over 784 inputs (6 KB each) stays in a core's cache.
    /// </summary>
    public const int RowsPerBatch = 64;

    /// <remarks>ReLU layers only: an off neuron's output is taken as exactly 0, which a leaky layer's is not.</remarks>
    /// <param name="rowsPerBatch">Rows back-substituted together (<see cref="RowsPerBatch"/>); any count gives the same LP, bit for bit.</param>
    public static RegionModel Build(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs, int last, int rowsPerBatch = RowsPerBatch)
    {
        if (net.HasNegativeSlope)
        {
            throw new InvalidOperationException("The compact region LP takes an off neuron's output as 0, so a network with a leaky layer needs the full region LP.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerBatch, 1);
        return new Builder(net, bounds, signs, last, rowsPerBatch).Build();
    }

    /// <summary>
    /// <see cref="Builder.RowMagnitudes"/> by the box of the layer's input they were computed
    /// from (a box is immutable, so its identity stands for its values), with the layer they belong to.
    /// </summary>
    private static readonly ConditionalWeakTable<Box, KeptMagnitudes> MagnitudesByBox = new();

    private sealed record KeptMagnitudes(LinearLayer Layer, double[] Magnitudes, double Total);

    private sealed class Builder
    {
        private readonly PiecewiseLinearNetwork _net;
        private readonly Box[] _acts;
        private readonly sbyte[] _signs;
        private readonly int _last;
        private readonly int _rowsPerBatch;
        private readonly RegionLpColumns _lp = new();
        private readonly Dictionary<int, Var> _outputOf = new();
        private readonly Dictionary<int, double> _outputBound = new();
        private readonly (double[] Magnitudes, double Total)?[] _rowMagnitudes;
        private Var[] _inputs = Array.Empty<Var>();
        private Var _margin;

        public Builder(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs, int last, int rowsPerBatch)
        {
            _rowsPerBatch = rowsPerBatch;
            _net = net;
            _acts = bounds.Activations;
            _signs = signs;
            _last = last;
            _rowMagnitudes = new (double[], double)?[net.Layers.Count];
        }

        public RegionModel Build()
        {
            (_margin, _inputs) = RegionModel.Start(_lp.Model, _acts[0]);
            _lp.Check(0, 1);
            for (var i = 0; i < _inputs.Length; i++)
            {
                _lp.Check(_acts[0].Lo(i), _acts[0].Hi(i));
            }

            // The free neurons' outputs first (every row may use them), then the rows layer by layer.
            for (var k = 0; k < _last; k++)
            {
                if (_net.Layers[k] is not ReluLayer)
                {
                    continue;
                }

                for (var i = 0; i < _net.Layers[k].InputSize; i++)
                {
                    if (Kind(k, i) == NeuronKind.Free)
                    {
                        var u = _acts[k].Hi(i);
                        _outputOf[_net.Offsets[k] + i] = _lp.Add($"h/{k}/{i}", 0, u, 0, u);
                        _outputBound[_net.Offsets[k] + i] = u;
                    }
                }
            }

            for (var k = 0; k <= _last; k++)
            {
                if (_net.Layers[k] is not ReluLayer)
                {
                    continue;
                }

                var neurons = Enumerable.Range(0, _net.Layers[k].InputSize)
                    .Where(i => _signs[_net.Offsets[k] + i] != 0 || (k < _last && Kind(k, i) == NeuronKind.Free))
                    .ToArray();
                foreach (var batch in neurons.Chunk(_rowsPerBatch))
                {
                    var forms = Substitute(k, batch);
                    for (var r = 0; r < batch.Length; r++)
                    {
                        var sign = _signs[_net.Offsets[k] + batch[r]];
                        if (sign != 0)
                        {
                            SignRow(forms[r], sign, k, batch[r]);
                        }
                        else
                        {
                            Triangle(forms[r], k, batch[r]);
                        }
                    }
                }
            }

            return _lp.Finish(_inputs, _margin);
        }

        private enum NeuronKind
        {
            Active,
            Inactive,
            Free,
        }

        /// <summary>What the neuron's output is at the sub-domain's points, as <see cref="RegionLp"/> reads it.</summary>
        private NeuronKind Kind(int k, int i)
        {
            var sign = _signs[_net.Offsets[k] + i];
            if (sign != 0)
            {
                return sign == 1 ? NeuronKind.Active : NeuronKind.Inactive;
            }

            if (_acts[k].Lo(i) >= 0)
            {
                return NeuronKind.Active;
            }

            return _acts[k].Hi(i) > 0 ? NeuronKind.Free : NeuronKind.Inactive;
        }

        /// <summary>
        /// The pre-activations of the given neurons of ReLU layer k, each as Σ x·coefficients +
        /// Σ h·coefficients + constant, with a bound on its distance from the exact value at any
        /// point of the sub-domain. The rows go through each linear layer together
        /// (<see cref="SparseMatrix.MultiplyTransposed(IReadOnlyList{double[]}, IReadOnlyList{double[]})"/>),
        /// each computed as alone, so each error bound is the one a single row's computation has.
        /// </summary>
        private Form[] Substitute(int k, int[] neurons)
        {
            var rows = new double[neurons.Length][];
            var outputs = new Dictionary<int, double>[neurons.Length];
            var constants = new double[neurons.Length];
            var errors = new double[neurons.Length];
            for (var r = 0; r < rows.Length; r++)
            {
                rows[r] = new double[_net.Layers[k].InputSize];
                rows[r][neurons[r]] = 1;
                outputs[r] = new Dictionary<int, double>();
            }

            for (var j = k - 1; j >= 0; j--)
            {
                switch (_net.Layers[j])
                {
                    case LinearLayer linear:
                        var below = new double[rows.Length][];
                        for (var r = 0; r < rows.Length; r++)
                        {
                            below[r] = new double[linear.InputSize];
                        }

                        linear.Matrix.MultiplyTransposed(rows, below);
                        for (var r = 0; r < rows.Length; r++)
                        {
                            errors[r] = RoundingError.AddUp(errors[r], ProductError(linear, j, rows[r]));
                            (constants[r], errors[r]) = AddBias(linear, rows[r], constants[r], errors[r]);
                        }

                        rows = below;
                        break;
                    default:
                        for (var r = 0; r < rows.Length; r++)
                        {
                            ThroughRelu(j, rows[r], outputs[r]);
                        }

                        break;
                }
            }

            return neurons.Select((_, r) => new Form(rows[r], outputs[r], constants[r], errors[r])).ToArray();
        }

        /// <summary>
        /// Takes a row back through ReLU layer j: an inactive neuron passes nothing, a free one's
        /// output stays a variable (its coefficient moved to <paramref name="outputs"/>), an
        /// active one passes its pre-activation.
        /// </summary>
        private void ThroughRelu(int j, double[] row, Dictionary<int, double> outputs)
        {
            for (var m = 0; m < row.Length; m++)
            {
                if (row[m] == 0)
                {
                    continue;
                }

                switch (Kind(j, m))
                {
                    case NeuronKind.Inactive:
                        row[m] = 0;
                        break;
                    case NeuronKind.Free:
                        var g = _net.Offsets[j] + m;
                        outputs[g] = outputs.GetValueOrDefault(g) + row[m];
                        row[m] = 0;
                        break;
                }
            }
        }

        /// <summary>
        /// A bound on Σₙ Mₙ·|r′ₙ − exact (Wᵀr)ₙ| for r′ = Wᵀr computed by recursive summation over
        /// the rows (SparseMatrix.MultiplyTransposed), Mₙ bounding |input n| over the sub-domain:
        /// 2γ_N Σᵢ|rᵢ|·Σₙ|Wᵢₙ|Mₙ + 2Nη·ΣₙMₙ (<see cref="RoundingError.SumError"/>).
        /// </summary>
        private double ProductError(LinearLayer linear, int j, double[] row)
        {
            var (magnitudes, total) = RowMagnitudes(linear, j);
            double acc = 0;
            for (var i = 0; i < row.Length; i++)
            {
                acc += Math.Abs(row[i]) * magnitudes[i];
            }

            var terms = linear.OutputSize;
            var weighted = RoundingError.NonNegativeSumUp(acc, terms);
            return RoundingError.AddUp(RoundingError.Up(RoundingError.TwiceGamma(terms) * weighted), RoundingError.Up(2.0 * terms * double.Epsilon * total));
        }

        /// <summary>constant + r·b and the error of both operations added to <paramref name="error"/>.</summary>
        private static (double Constant, double Error) AddBias(LinearLayer linear, double[] row, double constant, double error)
        {
            double dot = 0, magnitude = 0;
            var bias = linear.Bias;
            for (var i = 0; i < row.Length; i++)
            {
                dot += row[i] * bias[i];
                magnitude += Math.Abs(row[i] * bias[i]);
            }

            var sum = constant + dot;
            var rounding = RoundingError.AddUp(RoundingError.SumError(magnitude, row.Length), RoundingError.Up((Math.Abs(sum) * RoundingError.Unit) + double.Epsilon));
            return (sum, RoundingError.AddUp(error, rounding));
        }

        /// <summary>
        /// For linear layer j: upper bounds on Σₙ|Wᵢₙ|·Mₙ for every output i, Mₙ bounding |input n|
        /// over the sub-domain (its box widened as <see cref="RegionLp"/> widens it), and ΣₙMₙ.
        /// Kept with the box they were computed from (<see cref="MagnitudesByBox"/>): a sub-domain
        /// shares its parent's boxes up to its first new sign, and every one its input box, and
        /// |W|·M over a 784-wide first layer cost more than the rest of the LP's construction.
        /// </summary>
        private (double[] Magnitudes, double Total) RowMagnitudes(LinearLayer linear, int j)
        {
            if (_rowMagnitudes[j] is { } known)
            {
                return known;
            }

            if (MagnitudesByBox.TryGetValue(_acts[j], out var kept) && ReferenceEquals(kept.Layer, linear))
            {
                _rowMagnitudes[j] = (kept.Magnitudes, kept.Total);
                return (kept.Magnitudes, kept.Total);
            }

            var inputs = _acts[j];
            var bound = new double[linear.InputSize];
            double total = 0;
            for (var n = 0; n < bound.Length; n++)
            {
                bound[n] = Widen(Math.Max(Math.Abs(inputs.Lo(n)), Math.Abs(inputs.Hi(n))));
                total += bound[n];
            }

            var sums = new double[linear.OutputSize];
            linear.Matrix.MultiplyAbs(bound, sums);
            for (var i = 0; i < sums.Length; i++)
            {
                sums[i] = RoundingError.NonNegativeSumUp(sums[i], linear.InputSize);
            }

            var found = (sums, RoundingError.NonNegativeSumUp(total, bound.Length));
            _rowMagnitudes[j] = found;
            MagnitudesByBox.AddOrUpdate(_acts[j], new KeptMagnitudes(linear, sums, found.Item2));
            return found;
        }

        /// <summary>z ≥ δ (active) or z ≤ −δ (inactive), each loosened by the form's error.</summary>
        private void SignRow(Form z, sbyte sign, int k, int i)
        {
            var terms = z.Terms(_inputs, _outputOf, 1, lead: new Term(_margin, -sign));
            if (sign == 1)
            {
                _lp.Model.AddGreaterOrEqual($"sign/{k}/{i}", terms, RoundingError.AddDown(-z.Constant, -z.Error));
            }
            else
            {
                _lp.Model.AddLessOrEqual($"sign/{k}/{i}", terms, RoundingError.AddUp(-z.Constant, z.Error));
            }
        }

        /// <summary>
        /// <see cref="RegionLp"/>'s triangle h ≥ z, h ≤ slope·(z − l), each loosened by the elastic t
        /// and by the form's error (for the second row also that of the products slope·coefficient).
        /// </summary>
        private void Triangle(Form z, int k, int i)
        {
            double l = _acts[k].Lo(i), u = _acts[k].Hi(i);
            var h = _outputOf[_net.Offsets[k] + i];
            var t = _lp.Elastic();
            var slope = Math.BitIncrement(u / (u - l) * (1 + (4 * RoundingError.Unit)));
            var below = z.Terms(_inputs, _outputOf, -1, new Term(h, 1), new Term(t, 1));
            _lp.Model.AddGreaterOrEqual($"h>=z/{k}/{i}", below, RoundingError.AddDown(z.Constant, -z.Error));

            // h − slope·(Σ terms) − t ≤ slope·(constant + E − l) + the products' rounding.
            var above = z.Terms(_inputs, _outputOf, -slope, new Term(h, 1), new Term(t, -1));
            // One rounding per product: u·slope·Σ|coefficient|·|variable|, doubled, plus 1e-300 for
            // the products that underflow (a few thousand times 2⁻¹⁰⁷⁴ times any bound below 10²⁰⁰).
            var products = RoundingError.Up(RoundingError.MultiplyUp(2 * RoundingError.Unit * slope, z.Magnitude(_acts[0], _outputBound)) + 1e-300);
            var shift = RoundingError.AddUp(RoundingError.AddUp(z.Constant, z.Error), -l);
            var rhs = RoundingError.AddUp(RoundingError.MultiplyUp(slope, shift), products);
            _lp.Model.AddLessOrEqual($"h<=tri/{k}/{i}", above, rhs);
        }

        /// <summary>A magnitude bound taken from floating-point propagated bounds, widened as <see cref="RegionLp"/> widens them.</summary>
        private static double Widen(double bound) => RoundingError.Up((bound * (1 + 1e-9)) + 1e-9);
    }

    /// <summary>Σ input·Inputs + Σ output·Outputs + Constant, within Error of the exact pre-activation.</summary>
    private sealed record Form(double[] Inputs, Dictionary<int, double> Outputs, double Constant, double Error)
    {
        /// <summary>
        /// <paramref name="lead"/>, the form's terms times <paramref name="scale"/> (zero
        /// coefficients left out), then <paramref name="extra"/>: one array of the row's length,
        /// in column order when δ leads (the LP's first column) and the row's own output and slack
        /// come last, which the model then need not sort.
        /// </summary>
        public Term[] Terms(Var[] inputs, Dictionary<int, Var> outputOf, double scale, Term? lead = null, params Term[] extra)
        {
            var count = extra.Length + (lead is null ? 0 : 1);
            foreach (var c in Inputs)
            {
                count += c != 0 ? 1 : 0;
            }

            foreach (var value in Outputs.Values)
            {
                count += value != 0 ? 1 : 0;
            }

            var terms = new Term[count];
            var t = 0;
            if (lead is { } first)
            {
                terms[t++] = first;
            }

            for (var n = 0; n < Inputs.Length; n++)
            {
                if (Inputs[n] != 0)
                {
                    terms[t++] = new Term(inputs[n], scale * Inputs[n]);
                }
            }

            foreach (var (g, value) in Outputs)
            {
                if (value != 0)
                {
                    terms[t++] = new Term(outputOf[g], scale * value);
                }
            }

            extra.CopyTo(terms, t);
            return terms;
        }

        /// <summary>An upper bound on Σ|coefficient|·|variable| over the variables' boxes.</summary>
        public double Magnitude(Box box, Dictionary<int, double> outputBound)
        {
            double acc = 0;
            var terms = 0;
            for (var n = 0; n < Inputs.Length; n++)
            {
                acc += Math.Abs(Inputs[n]) * Math.Max(Math.Abs(box.Lo(n)), Math.Abs(box.Hi(n)));
                terms++;
            }

            foreach (var (g, value) in Outputs)
            {
                acc += Math.Abs(value) * outputBound[g];
                terms++;
            }

            return RoundingError.NonNegativeSumUp(acc, Math.Max(terms, 1));
        }
    }
}
