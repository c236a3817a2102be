using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network.Encoding;
using ExactLip.Network.Relaxation;

namespace ExactLip.Network.Layers;

/// <summary>
/// An affine operation y = A x + b. Concrete operators (dense, convolution, pooling,
/// normalisation, permutation, padding) only say how to build their sparse matrix A and bias b;
/// this class gives all of them the same forward pass, vector-Jacobian product, interval
/// transfer (centre/radius form, so it is exact for a single affine map), back-substitution,
/// and MIP rows z = A h + b forward and dx = Aᵀ dy backward.
/// </summary>
public abstract class LinearLayer : Layer
{
    private SparseMatrix? _matrix;
    private double[]? _bias;

    protected LinearLayer(Shape inputShape, Shape outputShape)
        : base(inputShape, outputShape)
    {
    }

    public override bool IsLinear => true;

    /// <summary>A (OutputSize × InputSize), built on first use.</summary>
    public SparseMatrix Matrix => _matrix ??= BuildMatrix();

    /// <summary>b (OutputSize), built on first use.</summary>
    public double[] Bias => _bias ??= BuildBias();

    protected abstract SparseMatrix BuildMatrix();

    protected abstract double[] BuildBias();

    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        Matrix.Multiply(x, y);
        var b = Bias;
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += b[i];
        }
    }

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx) =>
        Matrix.MultiplyTransposed(dy, dx);

    /// <summary>Interval bounds on A x + b that hold for the exact reals (<see cref="AffineInterval"/>).</summary>
    public override Box ForwardInterval(Box input) => AffineInterval.Of(Matrix, Bias, input);

    public override Box BackwardInterval(Box gradOutput, Box inputBounds) => AffineInterval.Of(Matrix.Transpose(), null, gradOutput);

    /// <summary>
    /// λᵀy = (Aᵀλ)ᵀx + λᵀb for y = A x + b: the rows become fl(Aᵀλ), the constants take λᵀb and
    /// the rounding of both, outward (<see cref="AffineStepRounding"/>, over the input box).
    /// </summary>
    public override void BackSubstitute(LinearBoundSet bounds, Box inputBounds)
    {
        var rounding = new AffineStepRounding(Matrix, Bias, inputBounds);
        bounds.Upper = Through(bounds.Upper, bounds.UpperBias, rounding, upperSide: true);
        bounds.Lower = Through(bounds.Lower, bounds.LowerBias, rounding, upperSide: false);
    }

    /// <summary>
    /// dx = Aᵀ dy, so λ·dx = (Aλ)·dy exactly: the rows go through A itself, without the bias,
    /// and the rounding of fl(Aλ) over the box of dy goes into the constants. Only the
    /// coordinates of Aλ the next step reads are computed (the rows of A it needs, selected
    /// once): after a ReLU layer, those of the gates not stably off.
    /// </summary>
    public override SignalStep PrepareSignal(Box inputBounds, Box gradOutputBounds, IReadOnlyList<int>? read) =>
        new SignalThrough(this, new AffineStepRounding(Matrix.Transpose(), null, gradOutputBounds), read is null || read.Count == OutputSize ? null : read.ToArray());

    /// <summary>A linear backward pass is exact whatever dy is: it uses no bounds on it.</summary>
    public override IReadOnlyList<int> GradOutputBoundsUsed(Box inputBounds) => Array.Empty<int>();

    private double[][] Through(double[][] rows, double[] constants, AffineStepRounding rounding, bool upperSide)
    {
        var result = new double[rows.Length][];
        for (var k = 0; k < rows.Length; k++)
        {
            rounding.Shift(rows[k], ref constants[k], upperSide);
            result[k] = new double[InputSize];
            Matrix.MultiplyTransposed(rows[k], result[k]);
        }

        return result;
    }

    public override LayerEncoding Encode(EncodingContext context, IReadOnlyList<Var> input, Box inputBounds, Box outputBounds)
    {
        var output = AddForwardRows(context.Model, context, input, outputBounds.Lo, outputBounds.Hi);
        return new LinearEncoding(context, output, this);
    }

    /// <summary>New output variables z with bounds from the functions, and the rows z = A·input + b.</summary>
    private Var[] AddForwardRows(MipModelBuilder model, EncodingContext context, IReadOnlyList<Var> input, Func<int, double> lower, Func<int, double> upper)
    {
        var output = new Var[OutputSize];
        for (var i = 0; i < OutputSize; i++)
        {
            output[i] = model.AddVariable(context.Name(i, "z"), lower(i), upper(i));
            var terms = new List<Term> { new(output[i], 1) };
            terms.AddRange(Matrix.Row(i).Select(e => new Term(input[e.Column], -e.Value)));
            model.AddEquality(context.Name(i, "fwd"), terms, Bias[i]);
        }

        return output;
    }

    /// <summary>The signal step of <see cref="PrepareSignal"/>: rows λ over dx become fl(Aλ) over dy.</summary>
    private sealed class SignalThrough : SignalStep
    {
        private readonly int _outputs;
        private readonly AffineStepRounding _rounding;
        private readonly int[]? _read;
        private readonly SparseMatrix? _rows;

        /// <summary>
        /// For a dense matrix and some rows read: those rows' entries by column (column j's
        /// entries at j·|read|), gathered from the matrix's cached transpose. The product then
        /// takes the same float64 operations, in the same order, as the dense product of the
        /// selected rows would (<see cref="SparseMatrix.Multiply"/>), without building that
        /// matrix and its transpose for every region.
        /// </summary>
        private readonly double[]? _columns;

        public SignalThrough(LinearLayer layer, AffineStepRounding rounding, int[]? read)
        {
            _outputs = layer.OutputSize;
            _rounding = rounding;
            _read = read;
            var matrix = layer.Matrix;
            if (read is null)
            {
                _rows = matrix;
            }
            else if (matrix.IsDense)
            {
                _columns = GatherColumns(matrix, read);
            }
            else
            {
                _rows = matrix.SelectRows(read);
            }
        }

        public override void Apply(LinearBoundSet bounds)
        {
            bounds.Upper = Forwarded(bounds.Upper, bounds.UpperBias, upperSide: true);
            bounds.Lower = Forwarded(bounds.Lower, bounds.LowerBias, upperSide: false);
        }

        private static double[] GatherColumns(SparseMatrix matrix, int[] read)
        {
            var byColumn = matrix.Transpose().Values;
            var (rows, count) = (matrix.Rows, read.Length);
            var columns = new double[matrix.Columns * count];
            for (var j = 0; j < matrix.Columns; j++)
            {
                var from = j * rows;
                var to = j * count;
                for (var t = 0; t < count; t++)
                {
                    columns[to + t] = byColumn[from + read[t]];
                }
            }

            return columns;
        }

        private double[][] Forwarded(double[][] rows, double[] constants, bool upperSide)
        {
            var result = new double[rows.Length][];
            var selected = _read is null ? null : new double[_read.Length];
            for (var k = 0; k < rows.Length; k++)
            {
                // The rounding term depends on λ alone, not on which coordinates of Aλ are kept.
                _rounding.Shift(rows[k], ref constants[k], upperSide);
                result[k] = new double[_outputs];
                if (selected is null)
                {
                    _rows!.Multiply(rows[k], result[k]);
                    continue;
                }

                if (_columns is not null)
                {
                    MultiplyColumns(rows[k], selected);
                }
                else
                {
                    _rows!.Multiply(rows[k], selected);
                }

                for (var t = 0; t < selected.Length; t++)
                {
                    result[k][_read![t]] = selected[t];
                }
            }

            return result;
        }

        /// <summary>y = Σ_j x_j·(column j of the read rows), skipping zero weights, as the dense product does.</summary>
        private void MultiplyColumns(double[] x, double[] y)
        {
            var count = y.Length;
            Array.Clear(y);
            for (var j = 0; j < x.Length; j++)
            {
                if (x[j] != 0)
                {
                    DenseRows.AddScaled(y, _columns.AsSpan(j * count, count), x[j]);
                }
            }
        }
    }

    /// <summary>The backward rows dx_j = Σ_i A_ij dy_i, one new variable per input coordinate.</summary>
    private sealed class LinearEncoding : LayerEncoding
    {
        private readonly LinearLayer _layer;

        public LinearEncoding(EncodingContext context, IReadOnlyList<Var> output, LinearLayer layer)
            : base(context, output)
        {
            _layer = layer;
        }

        public override IReadOnlyList<Var> EncodeBackward(IReadOnlyList<Var> gradOutput, Box gradOutputBounds, Box gradInputBounds)
        {
            var model = Context.Model;
            var t = _layer.Matrix.Transpose();
            var gradInput = new Var[_layer.InputSize];
            for (var j = 0; j < gradInput.Length; j++)
            {
                gradInput[j] = model.AddVariable(Context.Name(j, "g"), gradInputBounds.Lo(j), gradInputBounds.Hi(j));
                var terms = new List<Term> { new(gradInput[j], 1) };
                foreach (var (row, value) in t.Row(j))
                {
                    terms.Add(new Term(gradOutput[row], -value));
                }

                model.AddEquality(Context.Name(j, "bwd"), terms, 0);
            }

            return gradInput;
        }

        public override IReadOnlyList<Var>? EncodeRegion(MipModelBuilder lp, IReadOnlyList<Var> input, Var margin, ReadOnlySpan<double> solution) =>
            _layer.AddForwardRows(lp, Context, input, _ => double.NegativeInfinity, _ => double.PositiveInfinity);
    }

    /// <summary>
    /// Each output is a dot product of a row with x plus the bias: computed by recursive summation
    /// it is within γ(n+1)·(Σ|aⱼxⱼ| + |b|) of the exact value at x, and the input's errors add
    /// at most Σ|aⱼ|·errorⱼ. An output is constant where every input it weighs is. An affine map
    /// has no kink, so this never fails.
    /// </summary>
    public override bool ForwardWithError(PointEnclosure input, PointEnclosure output)
    {
        var x = input.Value;
        Forward(x, output.Value);
        var m = Matrix;
        var b = Bias;
        for (var i = 0; i < output.Size; i++)
        {
            double propagated = 0, magnitude = Math.Abs(b[i]);
            var constant = true;
            var count = m.RowStart[i + 1] - m.RowStart[i];
            for (var k = m.RowStart[i]; k < m.RowStart[i + 1]; k++)
            {
                var a = Math.Abs(m.Values[k]);
                var j = m.ColumnIndex[k];
                propagated += a * input.Error[j];
                magnitude += a * Math.Abs(x[j]);
                constant &= a == 0 || input.Constant[j];
            }

            // A row with no entries is its bias, exactly; a copy or negation of one input
            // computes nothing and keeps the input's error.
            output.Error[i] = count == 0 ? 0
                : b[i] == 0 && m.SignedUnitEntry(i) is not null ? input.Error[m.ColumnIndex[m.RowStart[i]]]
                : RoundingError.NonNegativeSumUp(propagated + (RoundingError.TwiceGamma(count + 1) * magnitude), (2 * count) + 3);
            output.Constant[i] = constant;
        }

        return true;
    }

    /// <summary>dx = Aᵀdy: each entry a dot product of a column with dy, bounded as in the forward pass.</summary>
    public override void BackwardWithError(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dyError, Span<double> dx, Span<double> dxError)
    {
        Backward(x, dy, dx);
        var m = Matrix;
        var magnitude = new double[dx.Length];
        dxError.Clear();
        for (var i = 0; i < m.Rows; i++)
        {
            for (var k = m.RowStart[i]; k < m.RowStart[i + 1]; k++)
            {
                var a = Math.Abs(m.Values[k]);
                var j = m.ColumnIndex[k];
                dxError[j] += a * dyError[i];
                magnitude[j] += a * Math.Abs(dy[i]);
            }
        }

        // A column has at most one entry per row.
        var gamma = RoundingError.TwiceGamma(m.Rows + 1);
        for (var j = 0; j < dx.Length; j++)
        {
            dxError[j] = RoundingError.NonNegativeSumUp(dxError[j] + (gamma * magnitude[j]), (2 * m.Rows) + 3);
        }
    }
}
