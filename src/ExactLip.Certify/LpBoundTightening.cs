using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network.Layers;

namespace ExactLip.Certify;

/// <summary>
/// Tightens bounds by linear programming over the LP relaxation of the LipMIP model itself
/// (binaries relaxed to [0, 1]): each undecided pre-activation, each back-propagated signal
/// entering an unstable neuron, and each input-gradient coordinate of unknown sign is minimised
/// and maximised.
/// Implementation note: the relaxation contains every point of the exact model, so its maxima
/// are sound bounds; layers are tightened in order (forward from the input, backward from the
/// output) and the rest re-propagated after each, so every LP sees the tightest big-Ms so far.
/// A solver's optimum is not taken on its word: the bound used is <see cref="LagrangianBound"/>
/// of its row duals over the variables' own bounds (weak duality, rounded outward), so an LP
/// solved loosely or answered wrongly only tightens less. Fewer unstable neurons and smaller
/// big-Ms shrink the branch-and-bound tree, which is where the time goes.
/// </summary>
public sealed class LpBoundTightening
{
    private readonly IMipSolver _lp;
    private readonly Func<TimeSpan?> _timeLeft;
    private readonly CancellationToken _cancel;

    public LpBoundTightening(IMipSolver lp, Func<TimeSpan?> timeLeft, CancellationToken cancel)
    {
        _lp = lp;
        _timeLeft = timeLeft;
        _cancel = cancel;
    }

    /// <summary>Number of LPs solved so far.</summary>
    public int LpCount { get; private set; }

    /// <summary>Tightens the forward bounds (shared by every sub-problem).</summary>
    public Box[] TightenForward(NetworkBounds bounds, OutputWeights weights, Norm inputNorm)
    {
        var network = bounds.Network;
        var acts = bounds.Activations.ToArray();
        for (var k = 0; k < network.Layers.Count; k++)
        {
            if (network.Layers[k] is not ReluLayer || Stopped)
            {
                continue;
            }

            var current = new NetworkBounds(network, bounds.Method, acts, BoundPropagation.Backward(network, acts, weights.Bounds()));
            var encoded = LipMipEncoder.Encode(current, weights, inputNorm, "tighten");
            var unstable = Enumerable.Range(0, acts[k].Dimension).Where(i => acts[k].Lo(i) < 0 && acts[k].Hi(i) > 0).ToArray();
            acts[k] = Tighten(encoded.Model.Relaxed(), encoded.ForwardVars[k], acts[k], unstable);
            BoundPropagation.ForwardFrom(network, acts, k, bounds.Method);
        }

        return acts;
    }

    /// <summary>Tightens the back-propagated signal and the input gradient for one sub-problem.</summary>
    public NetworkBounds TightenBackward(NetworkBounds bounds, OutputWeights weights, Norm inputNorm)
    {
        var network = bounds.Network;
        var grads = bounds.Gradients.ToArray();
        for (var k = network.Layers.Count - 1; k >= 0 && !Stopped; k--)
        {
            if (network.Layers[k] is not ReluLayer)
            {
                continue;
            }

            var current = new NetworkBounds(network, bounds.Method, bounds.Activations, grads);
            var encoded = LipMipEncoder.Encode(current, weights, inputNorm, "tighten");
            var pre = bounds.Activations[k];
            var signal = grads[k + 1];
            var targets = Enumerable.Range(0, pre.Dimension).Where(i => pre.Lo(i) < 0 && pre.Hi(i) > 0 && signal.Lo(i) < signal.Hi(i)).ToArray();
            grads[k + 1] = Tighten(encoded.Model.Relaxed(), encoded.BackwardVars[k + 1], signal, targets);
            for (var j = k; j >= 0; j--)
            {
                // Bounds over the whole box, which has points: the two cannot cross, and emptiness
                // would mean nothing here (Box.Intersect keeps both should one be wrong).
                grads[j] = network.Layers[j].BackwardInterval(grads[j + 1], bounds.Activations[j]).Intersect(grads[j]);
            }
        }

        if (!Stopped)
        {
            var current = new NetworkBounds(network, bounds.Method, bounds.Activations, grads);
            var encoded = LipMipEncoder.Encode(current, weights, inputNorm, "tighten");
            var g = grads[0];
            var undecided = Enumerable.Range(0, g.Dimension).Where(i => g.Lo(i) < 0 && g.Hi(i) > 0).ToArray();
            grads[0] = Tighten(encoded.Model.Relaxed(), encoded.BackwardVars[0], g, undecided);
        }

        return new NetworkBounds(network, bounds.Method, bounds.Activations, grads);
    }

    private bool Stopped => _cancel.IsCancellationRequested || _timeLeft() is { } left && left <= TimeSpan.Zero;

    /// <summary>
    /// The box with each target entry intersected with the LP's proven bounds on it (until the
    /// time is up), over the whole box, which has points (<see cref="Box.Intersect(IReadOnlyList{int}, Box)"/>).
    /// </summary>
    private Box Tighten(MipModel relaxed, IReadOnlyList<Var> vars, Box box, IReadOnlyList<int> targets)
    {
        var done = new List<int>();
        var lo = new List<double>();
        var hi = new List<double>();
        foreach (var i in targets)
        {
            if (Stopped)
            {
                break;
            }

            var column = vars[i].Index;
            done.Add(i);
            hi.Add(ProvenMaximum(relaxed, column, 1) is { } max ? max : double.PositiveInfinity);
            lo.Add(ProvenMaximum(relaxed, column, -1) is { } negMin ? -negMin : double.NegativeInfinity);
        }

        return box.Intersect(done, new Box(lo.ToArray(), hi.ToArray()));
    }

    /// <summary>
    /// A proven upper bound on max sign·x_column over the relaxation: the dual bound of the LP's
    /// row duals, not the optimum the solver reports; null when the LP gave no usable duals.
    /// </summary>
    private double? ProvenMaximum(MipModel relaxed, int column, double sign)
    {
        LpCount++;
        try
        {
            var model = relaxed.WithSingleObjective(column, sign);
            var outcome = _lp.Solve(model, new SolveOptions(_timeLeft(), 1e-9, 1), null, _cancel);
            if (outcome.Status != SolveStatus.Optimal || outcome.RowDuals is not { } duals)
            {
                return null;
            }

            var bound = LagrangianBound.UpperBound(model, duals, model.Variables.Select(v => v.Lower).ToArray(), model.Variables.Select(v => v.Upper).ToArray());
            return double.IsFinite(bound) ? bound : null;
        }
        catch (SolverFailedException)
        {
            // A failed LP only means this bound is not tightened.
            return null;
        }
    }
}
