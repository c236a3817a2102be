using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Core.Threading;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// One run of the branch and bound: the open sub-domains in a best-first queue, worker threads
/// that each take the sub-domain with the largest bound, split it and bound the two halves.
/// Implementation note: the global upper bound is the largest of the bounds of open sub-domains,
/// of those a worker holds, of those closed within the tolerance of the lower bound, and of the
/// exact values of closed patterns; the lower bound is only ever a value the plain evaluator
/// computed at a point of the box. Both live under one lock, so a run stopped at any moment
/// reports honest bounds. Splits and bounds run outside the lock.
/// </summary>
internal sealed partial class PatternSearch
{
    /// <summary>How often a worker held back by a race's gate looks at the clock (the gate wakes it for everything else).</summary>
    private static readonly TimeSpan HeldBackPoll = TimeSpan.FromMilliseconds(100);

    private readonly PiecewiseLinearNetwork _net;
    private readonly RunContext _run;
    private readonly NeuralNetwork _original;
    private readonly Box _box;
    private readonly JacobianQuantity _quantity;
    private readonly IMipSolver _lp;
    private readonly CertifyOptions _options;
    private readonly BranchAndBoundOptions _search;
    private readonly IProgress<CertifyProgress>? _progress;
    private readonly CancellationToken _cancel;
    private readonly RunLedger _ledger;
    private readonly object _gate = new();
    private readonly object _lpGate = new();
    private readonly PriorityQueue<SubDomain, double> _open = new();
    private readonly double[] _working;
    private readonly SubDomain?[] _held;
    private readonly bool _linear;
    /// <summary>The root's forward bounds, where every path of splits starts (set once, before the workers).</summary>
    private Box[] _rootActivations = [];
    /// <summary>The plain float64 value at the point the witness was proven from; call under the lock.</summary>
    private double _witnessPlain = double.NegativeInfinity;
    private double _closedUpper;
    private double _unresolvedUpper;
    private double _scale = double.PositiveInfinity;
    private TimeSpan _lastReport = TimeSpan.MinValue;
    private int _busy;
    private long _bounded;
    private long _closed;
    private long _leaves;
    private long _empty;
    /// <summary>Of <see cref="_empty"/>, those the region LP's dual bound proved empty (the rest: the bounds).</summary>
    private long _emptyByLp;
    private long _lps;
    private long _unresolved;
    private long _unverified;
    private bool _timedOut;
    private bool _interrupted;
    private volatile bool _over;
    private volatile bool _workerLost;

    public PatternSearch(PiecewiseLinearNetwork net, RunContext run, JacobianQuantity quantity, IMipSolver lp, BranchAndBoundOptions search)
    {
        _net = net;
        _run = run;
        _original = run.Network;
        _box = run.Box;
        _quantity = quantity;
        _lp = lp;
        _options = run.Options;
        _ledger = run.Ledger;
        _search = search;
        _progress = run.Progress;
        _cancel = run.Cancellation;
        _working = new double[search.Workers];
        Array.Fill(_working, double.NegativeInfinity);
        _held = new SubDomain?[search.Workers];
        _linear = _options.Bounds != BoundsMethod.Interval;
    }

    private double Lower => _ledger.Lower;

    private RunClock Clock => _ledger.Clock;

    /// <summary>The certified upper bound; call under the lock.</summary>
    private double Upper
    {
        get
        {
            var upper = Math.Max(Math.Max(Lower, _closedUpper), _unresolvedUpper);
            if (_open.TryPeek(out var top, out _))
            {
                upper = Math.Max(upper, top.Upper);
            }

            foreach (var w in _working)
            {
                upper = Math.Max(upper, w);
            }

            return upper;
        }
    }

    public Certificate Execute()
    {
        Report(RunPhase.Bounds, force: true);
        var signs = new sbyte[_net.Neurons];
        var root = DomainBounds.Compute(_net, _box, signs, _linear, _quantity, _search.Branching)
            ?? throw new InvalidOperationException("The root has no fixed signs, so its bounds cannot be empty.");
        _bounded = 1;
        _rootActivations = root.Activations;
        _scale = root.Upper;
        var unstableByBounds = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [BoundsMethod.Interval.Name()] = _linear ? CountUnstable(linear: false) : root.Free.Length,
            [BoundsMethod.Crown.Name()] = _linear ? root.Free.Length : CountUnstable(linear: true),
        };

        if (_search.Checkpoint?.Resume is { } saved)
        {
            Restore(saved);
        }
        else if (root.Free.Length == 0)
        {
            // Every neuron is stable over the box: one constant Jacobian.
            CloseLeaf(root, _box.Center());
        }
        else
        {
            _open.Enqueue(new SubDomain(_box, signs, 0, root, root.Upper, _box.Center(), []), -root.Upper);
        }

        var start = PointSearch.Start(_run);
        if (start.Proven)
        {
            Keep(start, WitnessSource.Start);
        }

        Report(RunPhase.Search, force: true);
        Save(first: true);

        var workers = Enumerable.Range(0, _search.Workers).Select(w => new Thread(() => Work(w)) { IsBackground = true, Name = $"bab-{w}" }).ToArray();
        foreach (var t in workers)
        {
            t.Start();
        }

        foreach (var t in workers)
        {
            t.Join();
        }

        Save(first: false);
        lock (_gate)
        {
            var upper = Upper;
            var stop = RunLedger.Stop(_interrupted, _timedOut, _unresolved > 0);
            if (_unverified > 0)
            {
                _ledger.Note($"{_unverified} LP answer(s) of \"no interior point\" were not confirmed by the rigorous dual bound; those sub-domains were kept.");
            }

            if (_unresolved > 0)
            {
                _ledger.Note($"{_unresolved} fully split sub-domain(s) could not be decided by the LP back end; their bounds were kept.");
            }

            _ledger.Note($"Branch and bound: {_bounded} sub-domains bounded, {_leaves} closed at a fixed activation pattern, {_empty} dropped as having no interior point ({_emptyByLp} of them by their region LP), {_lps} LPs, {_open.Count} left open; branching rule {_search.Branching.Name()}, {_search.Workers} workers.");
            _ledger.Record(upper);
            var outcome = stop switch
            {
                StopReason.Optimal => SubproblemOutcome.Optimal,
                StopReason.TimeLimit => SubproblemOutcome.TimeLimit,
                StopReason.Interrupted => SubproblemOutcome.Interrupted,
                _ => SubproblemOutcome.SolverFailed,
            };
            var result = new SubproblemResult(0, _quantity.Quantity.C, Lower, upper, outcome, _bounded, Clock.Elapsed.TotalSeconds, 0, root.Free.Length, (int)Math.Min(_empty, int.MaxValue));
            Report(RunPhase.Done, force: true);
            var bounds = _options.Bounds == BoundsMethod.Interval ? BoundsMethod.Interval.Name() : BoundsMethod.Crown.Name();
            return _run.Certificate(CertificationMethod.Bab, stop, upper, _lp, new RunWork(bounds, _bounded, root.Free.Length, 0, _scale, new[] { result }, unstableByBounds));
        }
    }

    private int CountUnstable(bool linear) =>
        DomainBounds.Compute(_net, _box, new sbyte[_net.Neurons], linear, _quantity, _search.Branching)!.Free.Length;

    private void Work(int worker)
    {
        // A worker belongs to the group its search runs for, if any (a race lowers the priority
        // of an engine it has stopped waiting for: docs/certify.md).
        using var member = ThreadGroup.Enlist();

        // Each worker keeps its own region LP loaded (GLPK's problems belong to one thread), so
        // that a sub-domain's LP re-states only what differs from the worker's last one.
        using var warm = _search.SerialLp ? null : (_lp as IWarmLpFactory)?.OpenWarmLp();
        var lp = (IMipSolver?)warm ?? _lp;
        try
        {
            while (WaitWhileHeldBack(worker) && Take(worker) is { } node)
            {
                var children = node.Restored ? Rebound(node) : Expand(node, lp);
                lock (_gate)
                {
                    foreach (var child in children)
                    {
                        // A half already settled is not queued: it would wait there, unsplit, to
                        // the end of the run (best first), and half the halves are.
                        if (!Settle(child))
                        {
                            _open.Enqueue(child, -child.Upper);
                        }
                    }

                    _closed += node.Restored ? 0 : 1;
                    _working[worker] = double.NegativeInfinity;
                    _held[worker] = null;
                    _busy--;
                    Monitor.PulseAll(_gate);
                }

                Report(RunPhase.Bab, force: false);
                SaveWhenDue();
            }

            // Take said the run is over, for every worker: one held back by a race's gate stops too.
            _over = true;
            _options.Gate?.Wake();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure in one worker must not lose the bounds: the node it held stays in the upper bound.
            // The workers a race's gate holds back then work regardless, so that the search goes on.
            _workerLost = true;
            _options.Gate?.Wake();
            lock (_gate)
            {
                _ledger.Note($"A branch-and-bound worker failed: {e.Message}");
                _unresolved++;
                _unresolvedUpper = Math.Max(_unresolvedUpper, _working[worker]);
                _working[worker] = double.NegativeInfinity;
                _held[worker] = null;
                _busy--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>
    /// Waits, outside the search's lock, while a race's <see cref="WorkerGate"/> holds this worker
    /// back (the race gave its core to the other engine); the run's end, a stop or a lost worker
    /// ends the wait. Always true, so that the worker goes on to <see cref="Take"/>.
    /// </summary>
    private bool WaitWhileHeldBack(int worker)
    {
        while (_options.Gate is { } gate && !gate.Admits(worker) && !_over && !_workerLost && !_cancel.IsCancellationRequested && !Clock.Expired)
        {
            gate.Await(worker, HeldBackPoll, _cancel);
        }

        return true;
    }

    /// <summary>The next sub-domain to split, or null when the run is over.</summary>
    private SubDomain? Take(int worker)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_cancel.IsCancellationRequested)
                {
                    _interrupted = true;
                    Monitor.PulseAll(_gate);
                    return null;
                }

                if (Clock.Expired)
                {
                    _timedOut = true;
                    Monitor.PulseAll(_gate);
                    return null;
                }

                if (_search.StopWhenOpen is { } enough && _open.Count >= enough)
                {
                    // The caller wanted a frontier, not an answer: stop as Ctrl-C would, state saved.
                    _interrupted = true;
                    Monitor.PulseAll(_gate);
                    return null;
                }

                if (Certificate.Agree(Lower, Upper, _options.Tolerance))
                {
                    Monitor.PulseAll(_gate);
                    return null;
                }

                if (!_open.TryDequeue(out var node, out _))
                {
                    if (_busy == 0)
                    {
                        Monitor.PulseAll(_gate);
                        return null;
                    }

                    Monitor.Wait(_gate, 20);
                    continue;
                }

                if (Settle(node))
                {
                    continue;
                }

                _busy++;
                _working[worker] = node.Upper;
                _held[worker] = node;
                return node;
            }
        }
    }

    /// <summary>
    /// True, and counted as closed, when a sub-domain needs no split: its bound is at most the
    /// lower bound, or cannot beat it by more than the tolerance (its bound then stays in the
    /// upper bound, proven). Call under the lock.
    /// </summary>
    private bool Settle(SubDomain node)
    {
        if (node.Upper <= Lower)
        {
            _closed++;
            return true;
        }

        if (Certificate.Agree(Lower, node.Upper, _options.Tolerance))
        {
            _closedUpper = Math.Max(_closedUpper, node.Upper);
            _closed++;
            return true;
        }

        return false;
    }

    /// <summary>Splits a sub-domain and bounds both halves; returns the halves that stay open.</summary>
    private List<SubDomain> Expand(SubDomain node, IMipSolver lp)
    {
        var open = new List<SubDomain>(2);
        foreach (var step in Split(node))
        {
            var (box, signs) = SplitStep.Apply(step, node.Box, node.Signs);
            if (TryBound(node, box, signs, node.PathTo(step), lp) is { } child)
            {
                open.Add(child);
            }
        }

        return open;
    }

    /// <summary>The two steps (<see cref="SplitStep"/>) that split a sub-domain into its halves.</summary>
    private IEnumerable<int> Split(SubDomain node)
    {
        if (InputCoordinateToSplit(node) is { } i)
        {
            yield return SplitStep.Input(i, upperHalf: false);
            yield return SplitStep.Input(i, upperHalf: true);
            yield break;
        }

        var best = 0;
        for (var k = 1; k < node.Bounds.Free.Length; k++)
        {
            if (node.Bounds.Scores[k] > node.Bounds.Scores[best])
            {
                best = k;
            }
        }

        var neuron = node.Bounds.Free[best];
        yield return SplitStep.Neuron(neuron, 1);
        yield return SplitStep.Neuron(neuron, -1);
    }

    /// <summary>
    /// For a small input dimension, every other level splits the box: along the coordinate that
    /// most affects the undecided neurons of the first layer (width times total weight), the
    /// neurons a box split decides directly.
    /// </summary>
    private int? InputCoordinateToSplit(SubDomain node)
    {
        var n = _box.Dimension;
        var first = _net.FirstReluLayer;
        if (n > _search.InputSplitDimension || node.Depth % 2 == 1 || first <= 0 || _net.Layers[first - 1] is not LinearLayer linear)
        {
            return null;
        }

        var weight = new double[n];
        foreach (var g in node.Bounds.Free)
        {
            if (_net.LayerOfNeuron[g] != first)
            {
                continue;
            }

            foreach (var (column, value) in linear.Matrix.Row(g - _net.Offsets[first]))
            {
                weight[column] += Math.Abs(value);
            }
        }

        int? best = null;
        double bestScore = 0;
        for (var i = 0; i < n; i++)
        {
            var score = weight[i] * node.Box.Width(i);
            if (score > bestScore && node.Box.Width(i) > 1e-6 * Math.Max(_box.Width(i), 1e-300))
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>Bounds one half; null when it is dropped (empty) or closed (an exact pattern).</summary>
    private SubDomain? TryBound(SubDomain parent, Box box, sbyte[] signs, int[] path, IMipSolver lp)
    {
        // A point of the half known without an LP: any point of a box without signs; the parent's
        // when it is proven to lie in the half; or one proven there towards its parent's LP vertex.
        var fixedSigns = Array.Exists(signs, s => s != 0);
        var knownPoint = !fixedSigns ? box.Center()
            : box.Contains(parent.Point) && StrictlyInside(parent.Point, signs) ? parent.Point
            : ReferenceEquals(box, parent.Box) ? PointTowardsVertex(parent, signs, path[^1])
            : null;
        var known = knownPoint is not null;

        // Such a point gives every sign strictly: interior known, no LP. Otherwise an LP decides. A neuron split keeps the box, so the parent's bounds hold over
        // the half and its LP can run first: most halves that need one have no interior (the
        // neuron's sign was in fact fixed over the parent), and those then cost no bounds.
        Region? region = null;
        if (!known && ReferenceEquals(box, parent.Box))
        {
            region = DecideRegion(parent.Bounds, box, signs, lp);
            if (region is null)
            {
                return null;
            }
        }

        // The lower bound so far: the vertex bound need not look below it (DerivativeVertexBound).
        double floor;
        lock (_gate)
        {
            floor = Math.Max(Lower, 0);
        }

        // A point of the half, where one is known before its bounds: the LP's interior point, or the one above.
        var inside = region is not null ? (region.Verdict == RegionVerdict.Interior ? region.Point : null) : knownPoint;
        var bounds = DomainBounds.Compute(_net, box, signs, _linear, _quantity, _search.Branching, parent.Bounds, parent.Signs, _search.VertexBudget, floor, _search.SplitMultipliers, inside);
        Interlocked.Increment(ref _bounded);
        if (bounds is null)
        {
            Interlocked.Increment(ref _empty);
            return null;
        }

        _search.Bounded?.Invoke(path, bounds);

        if (!known && region is null)
        {
            region = DecideRegion(bounds, box, signs, lp);
            if (region is null)
            {
                return null;
            }
        }

        var verdict = region?.Verdict ?? RegionVerdict.Interior;
        var point = region?.Point ?? knownPoint!;
        var upper = Math.Min(bounds.Upper, parent.Upper);
        if (bounds.Free.Length > 0)
        {
            return new SubDomain(box, signs, parent.Depth + 1, bounds, upper, point, path);
        }

        if (verdict == RegionVerdict.Interior)
        {
            CloseLeaf(bounds, point);
        }
        else
        {
            lock (_gate)
            {
                _unresolved++;
                _unresolvedUpper = Math.Max(_unresolvedUpper, upper);
            }
        }

        return null;
    }

    /// <summary>
    /// For the half of a first-layer neuron split that its parent's point is not in, a point
    /// proven inside the half without a region LP, or null: the parent's LP vertex that takes the
    /// neuron furthest to the half's side satisfies the parent's first-layer constraints, the
    /// parent's point satisfies them strictly, so the point halfway from where the segment between
    /// them crosses the neuron's hyperplane to the vertex satisfies them and the new sign strictly
    /// (the first layer is affine). The later layers' signs may not hold there: the point counts
    /// only when the rigorous check (<see cref="StrictlyInside"/>) proves every sign, and it is
    /// offered for the lower bound as an LP's point would be.
    /// </summary>
    private double[]? PointTowardsVertex(SubDomain parent, sbyte[] signs, int step)
    {
        var first = _net.FirstReluLayer;
        if (SplitStep.NeuronOf(step) is not var (global, sign) || first <= 0 || _net.Layers[first - 1] is not LinearLayer layer || _net.LayerOfNeuron[global] != first)
        {
            return null;
        }

        var neuron = global - _net.Offsets[first];
        var up = sign > 0;
        if (parent.Bounds.LpVertex(neuron, up) is not { } vertex)
        {
            return null;
        }

        // z = a·x + b along the segment from the parent's point p (t = 0) to the vertex (t = 1).
        double atPoint = layer.Bias[neuron], atVertex = layer.Bias[neuron];
        foreach (var (column, value) in layer.Matrix.Row(neuron))
        {
            atPoint += value * parent.Point[column];
            atVertex += value * vertex[column];
        }

        if (up ? !(atVertex > 0 && atPoint <= 0) : !(atVertex < 0 && atPoint >= 0))
        {
            return null;
        }

        var crossing = atPoint / (atPoint - atVertex);
        var t = 0.5 * (1 + crossing);
        var x = new double[vertex.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = parent.Point[i] + (t * (vertex[i] - parent.Point[i]));
        }

        if (!parent.Box.Contains(x) || !StrictlyInside(x, signs))
        {
            return null;
        }

        Offer(x, WitnessSource.Region);
        return x;
    }

    /// <summary>What the LP of a half found, and the point the half keeps.</summary>
    private sealed record Region(RegionVerdict Verdict, double[] Point);

    /// <summary>
    /// Runs the half's LP over bounds that hold for its points; null when the half is proven empty
    /// (by the dual bound, not taken from the solver's word: <see cref="RegionLp"/>).
    /// </summary>
    private Region? DecideRegion(DomainBounds bounds, Box box, sbyte[] signs, IMipSolver lp)
    {
        Interlocked.Increment(ref _lps);
        var (verdict, point) = SolveRegion(bounds, signs, lp);
        if (verdict == RegionVerdict.Empty)
        {
            Interlocked.Increment(ref _empty);
            Interlocked.Increment(ref _emptyByLp);
            return null;
        }

        if (verdict == RegionVerdict.Unverified)
        {
            // Kept like an unsolved LP: split further while neurons are free, and a fully split
            // one keeps its bound (TryBound), so the run ends with bounds rather than a wrong value.
            Interlocked.Increment(ref _unverified);
        }

        point ??= box.Center();
        Offer(point, verdict == RegionVerdict.Interior ? WitnessSource.Region : WitnessSource.Centre);
        return new Region(verdict, point);
    }

    /// <summary>True when x is proven to give every fixed neuron its sign strictly (<see cref="RegionLp.ProvenInside"/>).</summary>
    private bool StrictlyInside(double[] x, sbyte[] signs) => RegionLp.ProvenInside(_net, x, signs);

    private RegionAnswer SolveRegion(DomainBounds bounds, sbyte[] signs, IMipSolver lp)
    {
        var left = Clock.Left;
        if (left is { } l && l <= TimeSpan.Zero)
        {
            return RegionAnswer.Unknown("no time was left for the region LP");
        }

        if (!_search.SerialLp)
        {
            return RegionLp.Solve(_net, bounds, signs, lp, left, _cancel);
        }

        lock (_lpGate)
        {
            return RegionLp.Solve(_net, bounds, signs, _lp, left, _cancel);
        }
    }

    /// <summary>
    /// A sub-domain with interior whose every neuron is fixed or stable: its Jacobian is one
    /// constant matrix (the centre of the degenerate interval rows), so its value is exact there.
    /// </summary>
    private void CloseLeaf(DomainBounds bounds, double[] interior)
    {
        // The sub-domain's Jacobian bound is rigorous and, with every sign fixed, tight; the
        // spectral norm's interval bound is not tight for a fixed matrix, so there the matrix's
        // own norm is proven (VerifiedSpectralNorm) around the rows' centres.
        var value = bounds.Upper;
        if (_quantity.Quantity is { IsScalar: false, InputNorm: Norm.L2, OutputNorm: Norm.L2 })
        {
            var rows = bounds.Gradients.Select(g => g[0].Center()).ToArray();
            var radius = bounds.Gradients.Select((g, d) => Radius(g[0], rows[d])).ToArray();
            if (VerifiedSpectralNorm.UpperBound(rows, radius, _quantity.ValueOfRows(rows).Value) is { } proven)
            {
                value = Math.Min(value, proven);
            }
        }

        Offer(interior, WitnessSource.Region);
        lock (_gate)
        {
            _leaves++;
            _closedUpper = Math.Max(_closedUpper, value);
        }
    }

    /// <summary>The largest distance from the centre to either end of each interval, rounded up.</summary>
    private static double[] Radius(Box row, double[] centre)
    {
        var radius = new double[centre.Length];
        for (var i = 0; i < radius.Length; i++)
        {
            radius[i] = Math.BitIncrement(Math.Max(row.Hi(i) - centre[i], centre[i] - row.Lo(i)));
        }

        return radius;
    }

    /// <summary>
    /// Offers a point for the lower bound: it counts only through <see cref="WitnessProof"/> (proven
    /// inside a region, or moved into one off a kink), with the value proven there, and only when
    /// its plain value beats the witness's (<see cref="PointSearch.ProveIfBetter"/>).
    /// </summary>
    private void Offer(double[] x, WitnessSource source)
    {
        double held;
        lock (_gate)
        {
            held = _witnessPlain;
        }

        if (PointSearch.ProveIfBetter(_original, _box, _quantity.Quantity, x, held) is { } proven)
        {
            Keep(proven, source);
        }
    }

    /// <summary>Hands a proven point to the ledger, and remembers its plain value when it is kept.</summary>
    private void Keep(PointValue proven, WitnessSource source)
    {
        lock (_gate)
        {
            if (_ledger.Keep(new Witness(proven.X, proven.C, proven.Value, source) { Pattern = proven.Pattern }, () => Upper))
            {
                // The centre of the search's start carries no plain value: screen by the proven one.
                _witnessPlain = double.IsNegativeInfinity(proven.PlainValue) ? proven.Value : proven.PlainValue;
            }
        }
    }

    private void Report(RunPhase phase, bool force)
    {
        if (_progress is null)
        {
            return;
        }

        CertifyProgress snapshot;
        lock (_gate)
        {
            var interval = _options.ProgressInterval ?? TimeSpan.FromSeconds(0.5);
            if (!force && Clock.Elapsed - _lastReport < interval)
            {
                return;
            }

            _lastReport = Clock.Elapsed;
            var upper = Upper;
            if (phase == RunPhase.Bab)
            {
                _ledger.Record(upper);
            }

            // Sub-domains closed out of all seen so far: "[bab closed/seen]".
            snapshot = new CertifyProgress(phase, (int)Math.Min(_closed, int.MaxValue), (int)Math.Min(_closed + _open.Count + _busy, int.MaxValue), Clock.Elapsed, _bounded, Lower, double.IsFinite(_scale) ? upper : double.PositiveInfinity, null);
        }

        _progress.Report(snapshot);
    }
}
