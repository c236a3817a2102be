namespace ExactLip.BranchAndBound;

/// <summary>
/// The optimal vertices of a sub-domain's LPs for the first ReLU layer's bounds, by neuron and
/// side (<see cref="SplitConstraintBounds"/>), kept for its halves. Such an LP maximises the
/// neuron's own weight row over the box and the first layer's split constraints, the same
/// objective in every sub-domain, and a neuron split only adds a constraint: where the parent's
/// optimal vertex satisfies it, that vertex is optimal in the half too, so the half's LP would
/// give the parent's bound, which the half keeps anyway (it is bounded within its parent).
/// A vertex is only a reason to skip an LP, never part of a bound; so are the points.
/// </summary>
internal sealed class OptimalVertices
{
    /// <summary>
    /// By neuron and side: the vertex and the active constraints there (<see cref="BoxedLp"/>'s
    /// coding, with a first-layer row named n + its neuron instead of its place among the rows),
    /// or null: optimal for the same objective, they stay dual feasible in a half, whose LP
    /// starts there.
    /// </summary>
    private readonly Dictionary<int, (double[] Vertex, int[]? Basis)> _optima = new();

    /// <summary>
    /// Points of the polytope of the last ReLU layer's LPs (a point of the sub-domain and the
    /// LPs' optimal vertices): a half checks them against its own constraints, and those that
    /// pass show sides its LPs cannot decide.
    /// </summary>
    public IReadOnlyList<double[]> Points { get; set; } = [];

    /// <summary>The vertex found for the neuron's upper (or lower) bound, or null.</summary>
    public double[]? Get(int neuron, bool upperSide) => _optima.TryGetValue(Key(neuron, upperSide), out var optimum) ? optimum.Vertex : null;

    /// <summary>The active constraints at that vertex, or null.</summary>
    public int[]? GetBasis(int neuron, bool upperSide) => _optima.TryGetValue(Key(neuron, upperSide), out var optimum) ? optimum.Basis : null;

    public void Set(int neuron, bool upperSide, double[] vertex, int[]? basis) => _optima[Key(neuron, upperSide)] = (vertex, basis);

    private static int Key(int neuron, bool upperSide) => (2 * neuron) + (upperSide ? 1 : 0);
}
