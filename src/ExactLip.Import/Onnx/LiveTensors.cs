using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx;

/// <summary>
/// Lowers a graph of tensors (residual connections, parallel branches) to the chain of layers
/// every engine walks. The chain's state after each layer is the concatenation of every tensor
/// still needed later (the live tensors, as in register allocation); an operation on one of
/// them becomes a layer over the whole state that computes its output and carries the other
/// live tensors along unchanged.
/// Why this is exact, operation by operation:
/// <list type="bullet">
/// <item>A linear operation becomes one affine layer: its own rows (the same products summed in
/// the same order) for its output and copy rows (a single 1, no bias) for the others. A copy
/// computes nothing, and the transpose of the layer sums the gradients a tensor receives from
/// its consumers, which is the graph's backward pass.</item>
/// <item>A ReLU passes each carried tensor through the same ReLU layer. A tensor that is itself
/// a ReLU's output is ≥ 0, so its copy has a lower bound ≥ 0 and is a stable-active neuron: no
/// binary, no branching, value unchanged. At a zero value the evaluator's ReLU′(0) = 0 stops
/// the copy's gradient, but a zero ReLU output comes from a pre-activation ≤ 0 whose ReLU′ is 0
/// too, so every gradient through that tensor is 0 either way and the Jacobian is the graph's.
/// Any other tensor t passes as the pair relu(t), relu(−t) and is rebuilt as their difference,
/// one term of which is 0, so it is t exactly.</item>
/// <item>Add, Sub, Concat and Split of live tensors are one affine layer whose rows hold ±1
/// entries: each output is one float64 addition or a copy, exactly what the graph computes.</item>
/// </list>
/// Any other nonlinear operation (max pooling) while another tensor is live is refused.
/// </summary>
internal sealed class LiveTensors
{
    private readonly Dictionary<string, int> _readers;
    private readonly List<Activation> _state = new();
    private readonly HashSet<Activation> _pinned = new();

    /// <param name="readers">For each tensor name, how many nodes read it (the graph output counts as one more).</param>
    public LiveTensors(Dictionary<string, int> readers, Activation input)
    {
        _readers = readers;
        _state.Add(input);
    }

    /// <summary>The tensors the chain's state holds, in order.</summary>
    public IReadOnlyList<Activation> State => _state;

    /// <summary>The node being converted; its own inputs are no longer counted as read later.</summary>
    public int CurrentNode { get; private set; } = -1;

    /// <summary>Starts a node: it reads each of its inputs once, whatever the number of times it lists it.</summary>
    public void Begin(int node, IEnumerable<string> inputs)
    {
        CurrentNode = node;
        foreach (var name in inputs.Distinct(StringComparer.Ordinal))
        {
            if (_readers.TryGetValue(name, out var n))
            {
                _readers[name] = n - 1;
            }
        }
    }

    /// <summary>Keeps a tensor carried while the current node still reads it in a later step (or stops keeping it).</summary>
    public void Pin(Activation t, bool pinned)
    {
        if (pinned)
        {
            _pinned.Add(t);
        }
        else
        {
            _pinned.Remove(t);
        }
    }

    /// <summary>True when a node after the current one (or the graph output) reads the tensor.</summary>
    public bool NeededLater(Activation t) => t.Names.Any(n => _readers.GetValueOrDefault(n) > 0);

    /// <summary>
    /// The layers that apply <paramref name="layer"/> to <paramref name="x"/> inside the state,
    /// and the state after them (the carried tensors, then the output).
    /// </summary>
    public IReadOnlyList<Layer> Lift(Layer layer, Activation x, Activation output, Func<string, Exception> refuse)
    {
        var carried = Carried();
        if (carried.Count == 0 && _state.Count == 1 && _state[0] == x)
        {
            _state[0] = output;
            return new[] { layer };
        }

        var layers = new List<Layer>();
        if (layer is LinearLayer linear)
        {
            layers.Add(LiftLinear(linear, x, carried));
        }
        else if (carried.Count == 0)
        {
            // Only dead tensors beside x: pick x out, then the layer as it is.
            layers.Add(Select(new[] { x }, "select"));
            layers.Add(layer);
        }
        else if (layer is ReluLayer)
        {
            layers.AddRange(LiftRelu(x, carried));
        }
        else
        {
            throw refuse($"applies a {layer.Kind} layer while another tensor of the graph is still needed later (a residual connection or branch around it), but ExactLip carries tensors only around ReLU and linear operations; place the branch around a ReLU or a linear block");
        }

        _state.Clear();
        _state.AddRange(carried);
        _state.Add(output);
        return layers;
    }

    /// <summary>
    /// One affine layer over the state whose outputs are the carried tensors and then
    /// <paramref name="outputs"/>, each element a sum of weighted state elements and a constant.
    /// </summary>
    public Layer Map(IReadOnlyList<(Activation Tensor, IReadOnlyList<IReadOnlyList<(Activation Source, int Index, double Weight)>> Rows, double[] Bias)> outputs, string kind)
    {
        var carried = Carried();
        var offsets = Offsets();
        var rows = CopyRows(carried, offsets);
        var bias = new List<double>(new double[rows.Count]);
        foreach (var (_, outRows, outBias) in outputs)
        {
            rows.AddRange(outRows.Select(r => (IReadOnlyList<(int, double)>)r.Select(e => (offsets[e.Source] + e.Index, e.Weight)).ToList()));
            bias.AddRange(outBias);
        }

        var layer = Affine(rows, bias.ToArray(), kind);
        _state.Clear();
        _state.AddRange(carried);
        _state.AddRange(outputs.Select(o => o.Tensor));
        return layer;
    }

    /// <summary>A layer that keeps only <paramref name="keep"/>, in that order (the graph's output at the end).</summary>
    public Layer Select(IReadOnlyList<Activation> keep, string kind)
    {
        var offsets = Offsets();
        var layer = Affine(CopyRows(keep, offsets), new double[keep.Sum(t => t.Size)], kind);
        _state.Clear();
        _state.AddRange(keep);
        return layer;
    }

    /// <summary>
    /// The tensors of the state carried past an operation of the current node: those read later
    /// or pinned by the node, never an intermediate the node made (its next step consumes it,
    /// and only the node's last step makes its outputs).
    /// </summary>
    private List<Activation> Carried() =>
        _state.Where(t => t.Producer != CurrentNode && (NeededLater(t) || _pinned.Contains(t))).ToList();

    private AffineLayer LiftLinear(LinearLayer layer, Activation x, List<Activation> carried)
    {
        var offsets = Offsets();
        var rows = CopyRows(carried, offsets);
        var m = layer.Matrix;
        var at = offsets[x];
        for (var i = 0; i < m.Rows; i++)
        {
            var row = new List<(int, double)>(m.RowStart[i + 1] - m.RowStart[i]);
            for (var k = m.RowStart[i]; k < m.RowStart[i + 1]; k++)
            {
                row.Add((at + m.ColumnIndex[k], m.Values[k]));
            }

            rows.Add(row);
        }

        var bias = new double[rows.Count];
        layer.Bias.CopyTo(bias, rows.Count - m.Rows);
        return Affine(rows, bias, layer.Kind);
    }

    /// <summary>
    /// relu(x) with the carried tensors passed through: non-negative ones as they are
    /// (stable-active), others as relu(t), relu(−t) rebuilt as relu(t) − relu(−t).
    /// </summary>
    private IEnumerable<Layer> LiftRelu(Activation x, List<Activation> carried)
    {
        var offsets = Offsets();
        var split = new List<IReadOnlyList<(int, double)>>();
        var join = new List<IReadOnlyList<(int, double)>>();
        foreach (var t in carried)
        {
            for (var i = 0; i < t.Size; i++)
            {
                var at = split.Count;
                split.Add(new[] { (offsets[t] + i, 1.0) });
                if (t.NonNegative)
                {
                    join.Add(new[] { (at, 1.0) });
                    continue;
                }

                split.Add(new[] { (offsets[t] + i, -1.0) });
                join.Add(new[] { (at, 1.0), (at + 1, -1.0) });
            }
        }

        for (var i = 0; i < x.Size; i++)
        {
            join.Add(new[] { (split.Count, 1.0) });
            split.Add(new[] { (offsets[x] + i, 1.0) });
        }

        var splitLayer = Affine(split, new double[split.Count], "carry_split");
        var relu = new ReluLayer(Shape.Vector(split.Count));
        var identitySplit = split.Count == _state.Sum(t => t.Size) && split.Select((r, i) => r.Count == 1 && r[0] == (i, 1.0)).All(b => b);
        var identityJoin = carried.All(t => t.NonNegative);
        var layers = new List<Layer>();
        if (!identitySplit)
        {
            // Only moves values (entries ±1, one per row): fuses into its neighbour exactly.
            layers.Add(splitLayer);
        }

        layers.Add(relu);
        if (!identityJoin)
        {
            layers.Add(new AffineLayer(relu.OutputShape, Shape.Vector(join.Count), Network.SparseMatrix.FromRows(split.Count, join), new double[join.Count], "carry_join"));
        }

        return layers;
    }

    private Dictionary<Activation, int> Offsets()
    {
        var offsets = new Dictionary<Activation, int>(ReferenceEqualityComparer.Instance);
        var at = 0;
        foreach (var t in _state)
        {
            offsets[t] = at;
            at += t.Size;
        }

        return offsets;
    }

    private static List<IReadOnlyList<(int, double)>> CopyRows(IEnumerable<Activation> tensors, Dictionary<Activation, int> offsets) =>
        tensors.SelectMany(t => Enumerable.Range(offsets[t], t.Size)).Select(j => (IReadOnlyList<(int, double)>)new[] { (j, 1.0) }).ToList();

    private AffineLayer Affine(List<IReadOnlyList<(int, double)>> rows, double[] bias, string kind)
    {
        var size = _state.Sum(t => t.Size);
        return new AffineLayer(Shape.Vector(size), Shape.Vector(rows.Count), Network.SparseMatrix.FromRows(size, rows), bias, kind);
    }
}
