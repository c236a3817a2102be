using System.Globalization;
using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// The search's checkpoint: its state saved every few seconds and at the end, and restored at the
/// start of a resumed run (<see cref="SearchCheckpoint"/>).
/// Implementation note: a snapshot is taken under the lock and holds the open sub-domains of the
/// queue and those the workers hold, so no part of the box is lost between them; a worker's
/// children, and leaves it closed, are then either in the snapshot or covered by their parent,
/// which is in it. Nothing read back is taken on trust where it could raise the lower bound: the
/// witness is proven again (<see cref="WitnessProof"/>), each open sub-domain is bounded again
/// when a worker takes it (its bound is the smaller of the two), and an interior point is used
/// only once proven inside again, as in any run. A sub-domain is bounded again along its saved
/// path of splits (<see cref="SplitStep"/>), each step from the one before with the run's options
/// (the split multipliers among them), so that it gets the bounds the earlier run gave it rather
/// than looser ones from scratch.
/// </summary>
internal sealed partial class PatternSearch
{
    private TimeSpan _lastSave;
    private int _saving;

    private void Restore(FrontierState saved)
    {
        foreach (var d in saved.Open)
        {
            if (d.Box.Dimension != _box.Dimension || d.Signs.Length != _net.Neurons || d.Point.Length != _box.Dimension
                || !Inside(d.Box) || double.IsNaN(d.Upper) || !Array.TrueForAll(d.Path, step => SplitStep.Fits(step, _net.Neurons, _box.Dimension)))
            {
                throw CheckpointFile.Damaged(_search.Checkpoint!.Path, "a sub-domain does not fit this network and box");
            }

            _open.Enqueue(new SubDomain(d.Box, d.Signs, d.Depth, null, d.Upper, d.Point, d.Path), -d.Upper);
        }

        var n = saved.Counts;
        (_bounded, _closed, _leaves, _empty, _emptyByLp, _lps, _unverified, _unresolved) = (n.Bounded, n.Closed, n.Leaves, n.Empty, n.EmptyByLp, n.Lps, n.Unverified, n.Unresolved);
        _closedUpper = saved.ClosedUpper;
        _unresolvedUpper = saved.UnresolvedUpper;
        _ledger.Resume(saved.History, saved.Seconds);
        var c = CultureInfo.InvariantCulture;
        _ledger.Note($"Resumed from the checkpoint {_search.Checkpoint!.Path}: {saved.Open.Count.ToString(c)} open sub-domains, {saved.Seconds.ToString("0.0", c)} s of earlier search.");
        if (saved.Witness is { } w)
        {
            if (w.X.Length == _box.Dimension && _box.Contains(w.X) && WitnessProof.At(_original, _quantity.Quantity, w.X, w.C) is { } proven)
            {
                _ledger.Keep(new Witness(proven.X, proven.C, proven.Value, w.Source) { Pattern = proven.Pattern }, () => Upper);
                _witnessPlain = _quantity.ValueAt(_original, w.X).Value;
            }
            else
            {
                _ledger.Note("The checkpoint's witness could not be proven again at its point, so it was not used.");
            }
        }
    }

    /// <summary>
    /// The bounds the search gave a sub-domain: its path replayed from the root's forward bounds,
    /// each step bounded from the one before as <see cref="TryBound"/> bounds it (only the forward
    /// bounds carry from a step to the next, so only they are computed on the way); null when a
    /// step is empty (the sub-domain, inside it, is too). A path that does not lead to the saved
    /// box and signs (a file that saved none) leaves the sub-domain its bounds from scratch.
    /// </summary>
    private DomainBounds? BoundAlongPath(SubDomain node, double floor)
    {
        if (node.Path.Length == node.Depth && node.Depth > 0)
        {
            // The LP vertices (and the active sets the LPs start from) go along the path as in
            // the search, so that the first layer's LPs give the same multipliers, bit for bit.
            var (box, signs, acts) = (_box, new sbyte[_net.Neurons], _rootActivations);
            OptimalVertices? vertices = null;
            foreach (var step in node.Path)
            {
                var (childBox, childSigns) = SplitStep.Apply(step, box, signs);
                var found = new OptimalVertices();
                if (DomainBounds.Forward(_net, childBox, childSigns, _linear, acts, signs, _search.SplitMultipliers, null, vertices, found) is not { } childActs)
                {
                    return null;
                }

                (box, signs, acts, vertices) = (childBox, childSigns, childActs, found);
            }

            if (box.Lower.SequenceEqual(node.Box.Lower) && box.Upper.SequenceEqual(node.Box.Upper) && signs.AsSpan().SequenceEqual(node.Signs))
            {
                return DomainBounds.Compute(_net, acts, signs, _linear, _quantity, _search.Branching, _search.VertexBudget, floor, vertices: vertices);
            }
        }

        return DomainBounds.Compute(_net, node.Box, node.Signs, _linear, _quantity, _search.Branching, vertexBudget: _search.VertexBudget, floor: floor);
    }

    private bool Inside(Box box)
    {
        for (var i = 0; i < box.Dimension; i++)
        {
            if (!(box.Lo(i) >= _box.Lo(i) && box.Hi(i) <= _box.Hi(i) && box.Lo(i) <= box.Hi(i)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Bounds a sub-domain read from a checkpoint again, as its parent's split did: the same
    /// computation gives the same bounds, and the smaller of these and the saved one counts.
    /// </summary>
    private List<SubDomain> Rebound(SubDomain node)
    {
        double floor;
        lock (_gate)
        {
            floor = Math.Max(Lower, 0);
        }

        var bounds = BoundAlongPath(node, floor);
        if (bounds is null)
        {
            Interlocked.Increment(ref _empty);
            return [];
        }

        _search.Bounded?.Invoke(node.Path, bounds);
        var upper = Math.Min(bounds.Upper, node.Upper);
        if (bounds.Free.Length > 0)
        {
            // The box the bounds start from, so that its neuron splits start from these bounds.
            return [new SubDomain(bounds.Activations[0], node.Signs, node.Depth, bounds, upper, node.Point, node.Path)];
        }

        // Saved open sub-domains had free neurons; one without is closed only at a proven interior point.
        if (node.Box.Contains(node.Point) && StrictlyInside(node.Point, node.Signs))
        {
            CloseLeaf(bounds, node.Point);
        }
        else
        {
            lock (_gate)
            {
                _unresolved++;
                _unresolvedUpper = Math.Max(_unresolvedUpper, upper);
            }
        }

        return [];
    }

    /// <summary>Saves the state when the interval has passed since the last save (one worker at a time).</summary>
    private void SaveWhenDue()
    {
        if (_search.Checkpoint is not { } checkpoint)
        {
            return;
        }

        lock (_gate)
        {
            if (Clock.Elapsed - _lastSave < checkpoint.Interval)
            {
                return;
            }

            _lastSave = Clock.Elapsed;
        }

        if (Interlocked.Exchange(ref _saving, 1) == 1)
        {
            return;
        }

        try
        {
            checkpoint.Save(Snapshot());
        }
        catch (ExactLipException e)
        {
            // The search goes on: its result is worth more than the checkpoint; the note says so.
            _ledger.Note($"A checkpoint could not be saved: {e.Message}");
        }
        finally
        {
            Volatile.Write(ref _saving, 0);
        }
    }

    /// <summary>
    /// Saves the state now: at the start (a path that cannot be written fails the run before any
    /// search, in one sentence) and at the end, however the run ended.
    /// </summary>
    private void Save(bool first)
    {
        if (_search.Checkpoint is not { } checkpoint)
        {
            return;
        }

        if (first)
        {
            checkpoint.Save(Snapshot());
            lock (_gate)
            {
                _lastSave = Clock.Elapsed;
            }

            return;
        }

        try
        {
            checkpoint.Save(Snapshot());
        }
        catch (ExactLipException e)
        {
            _ledger.Note($"The final checkpoint could not be saved: {e.Message}");
        }
    }

    private FrontierState Snapshot()
    {
        lock (_gate)
        {
            var open = _open.UnorderedItems.Select(i => i.Element).Concat(_held.OfType<SubDomain>())
                .Select(d => new OpenSubDomain(d.Box, d.Signs, d.Depth, d.Upper, d.Point, d.Path))
                .ToArray();
            var witness = _ledger.HasWitness ? _ledger.Witness : null;
            return new FrontierState(
                open,
                _closedUpper,
                _unresolvedUpper,
                witness is null ? null : new SavedWitness(witness.X, witness.C, witness.Origin),
                _ledger.History,
                _ledger.Seconds,
                new SearchCounts(_bounded, _closed, _leaves, _empty, _lps, _unverified, _unresolved, _emptyByLp));
        }
    }
}
