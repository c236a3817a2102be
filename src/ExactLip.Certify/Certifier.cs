using System.Diagnostics;
using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Relaxation;

namespace ExactLip.Certify;

/// <summary>
/// Certifies the local Lipschitz constant of a network over a box: bounds → starting point →
/// LipMIP per sub-problem → witness check → certificate.
/// Implementation note: the run holds a certified pair [lower, upper] from the first moment.
/// The upper bound starts as the interval bound on the input gradient and only ever falls
/// (each sub-problem's bound is the smaller of that and the solver's dual bound); the lower
/// bound is only ever a value the plain evaluator recomputed at a point of the box. So a run
/// stopped at any moment, by the time limit or by Ctrl-C, still reports honest bounds.
/// </summary>
public sealed class Certifier : ExactCertifier
{
    private readonly IMipSolver _solver;

    public Certifier(IMipSolver solver, CertifyOptions options)
        : base(options)
    {
        _solver = solver;
    }

    /// <summary>The back end for the LPs of bounds method lp (the MIP back end when null).</summary>
    public IMipSolver? LpSolver { get; init; }

    /// <summary>The back end for region checks (needs row duals to prove a region empty; the MIP back end when null).</summary>
    public IMipSolver? RegionSolver { get; init; }

    /// <summary>Called with each MIP before it is solved (e.g. to export it as MPS).</summary>
    public Action<int, MipModel>? ModelReady { get; init; }

    public override Certificate Run(RunContext run) => new RunState(this, run).Execute();

    /// <summary>The state of one run; lives for one call of <see cref="Run(RunContext)"/>.</summary>
    private sealed class RunState
    {
        private readonly Certifier _owner;
        private readonly RunContext _run;
        /// <summary>The network the bounds and MIPs are built on (witnesses are proven on the one given).</summary>
        private readonly NeuralNetwork _network;

        /// <summary>Guards the sub-problems' upper bounds, which solver callbacks lower from their own threads.</summary>
        private readonly object _upperGate = new();
        private readonly List<SubproblemResult> _results = new();
        private double[] _upper = Array.Empty<double>();
        /// <summary>The bound-propagation upper bound: the problem's magnitude, and the certificate's BoundsUpper.</summary>
        private double _scale = double.PositiveInfinity;
        private long _nodes;
        private int _binaries;
        private int _unstable;
        private bool _timedOut;
        private bool _interrupted;
        private bool _failed;

        public RunState(Certifier owner, RunContext run)
        {
            _owner = owner;
            _run = run;
            _network = run.Network.Simplify();
        }

        private CertifyOptions Options => _run.Options;

        private NeuralNetwork Original => _run.Network;

        private Box Box => _run.Box;

        private LipschitzQuantity Quantity => _run.Quantity;

        private CancellationToken Cancel => _run.Cancellation;

        private RunLedger Ledger => _run.Ledger;

        private double Lower => Ledger.Lower;

        private RunClock Clock => _run.Clock;

        private double Upper => _upper.Length == 0 ? double.PositiveInfinity : _upper.Max();

        public Certificate Execute()
        {
            var subproblems = Quantity.Subproblems(_network.OutputSize);
            Report(RunPhase.Bounds, 0, subproblems.Count, 0, null);
            var activations = BoundPropagation.Forward(_network, Box, Options.Bounds);
            var bounds = subproblems
                .Select(w => new NetworkBounds(_network, Options.Bounds, activations, BoundPropagation.Backward(_network, activations, w.Bounds(), Options.Bounds)))
                .ToArray();
            if (Options.Bounds == BoundsMethod.Lp)
            {
                bounds = TightenByLp(bounds, subproblems);
            }

            _upper = bounds.Select(b => BoundsRounding.Up(b.GradientNormUpperBound(Quantity.GradientNorm))).ToArray();
            _scale = Upper;
            _unstable = bounds[0].UnstableNeurons;
            var unstableByBounds = UnstableByBounds(bounds[0]);

            // Starting points: one search per sub-problem, each a certified lower bound.
            var starts = new PointValue[subproblems.Count];
            for (var s = 0; s < subproblems.Count; s++)
            {
                // Racing branch and bound on a quantity of one sub-problem, the search is the one it runs too: run once.
                starts[s] = PointSearch.Start(_run, subproblems, s);
                Offer(starts[s], WitnessSource.Start);
                Report(RunPhase.Search, s + 1, subproblems.Count, 0, null);
            }

            // Largest upper bound first: it is the one that decides the answer.
            foreach (var s in Enumerable.Range(0, subproblems.Count).OrderByDescending(s => _upper[s]))
            {
                if (Cancel.IsCancellationRequested || OutOfTime)
                {
                    _interrupted |= Cancel.IsCancellationRequested;
                    _timedOut |= !Cancel.IsCancellationRequested;
                    _results.Add(new SubproblemResult(s, subproblems[s].Fixed, starts[s].Value, _upper[s], SubproblemOutcome.NotStarted, 0, 0, 0, 0, 0));
                    continue;
                }

                if (Certificate.Agree(Lower, _upper[s], Options.Tolerance) || _upper[s] <= Lower)
                {
                    // This sub-problem cannot beat the lower bound already held.
                    // Its bound stays as it is: within the tolerance of the lower bound, but proven.
                    _results.Add(new SubproblemResult(s, subproblems[s].Fixed, starts[s].Value, _upper[s], SubproblemOutcome.Pruned, 0, 0, 0, 0, 0));
                    continue;
                }

                SolveSubproblem(s, subproblems.Count, bounds[s], subproblems[s], starts[s]);
            }

            var lower = Lower;
            if (Upper < lower)
            {
                // A point proven above every sub-problem's bound (another engine's witness, or one
                // sub-problem's point above another's bound) shows a solver's bound wrong here:
                // back to the propagated bounds, as for one sub-problem in SolveSubproblem.
                Ledger.Note($"The solvers' bound {Upper:R} lies below the value {lower:R} proven at a point, so it was not used.");
                _upper = bounds.Select(b => BoundsRounding.Up(b.GradientNormUpperBound(Quantity.GradientNorm))).ToArray();
                _failed = true;
            }

            var upper = Math.Max(Upper, lower);
            var stop = RunLedger.Stop(_interrupted, _timedOut, _failed);
            if (!Certificate.Agree(lower, upper, Options.Tolerance) && stop == StopReason.Optimal)
            {
                Ledger.Note("The search finished but the bounds did not meet: see the sub-problem outcomes.");
            }

            Report(RunPhase.Done, subproblems.Count, subproblems.Count, 0, null);
            var work = new RunWork(Options.Bounds.Name(), _nodes, _unstable, _binaries, _scale, _results.OrderBy(r => r.Index).ToArray(), unstableByBounds);
            return _run.Certificate(CertificationMethod.Mip, stop, upper, _owner._solver, work);
        }

        /// <summary>How many neurons each bounds method leaves unstable (the cheap ones are recomputed).</summary>
        private Dictionary<string, int> UnstableByBounds(NetworkBounds chosen)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var method in new[] { BoundsMethod.Interval, BoundsMethod.Crown })
            {
                counts[method.Name()] = method == chosen.Method
                    ? chosen.UnstableNeurons
                    : NetworkBounds.CountUnstable(_network, BoundPropagation.Forward(_network, Box, method));
            }

            counts[chosen.Method.Name()] = chosen.UnstableNeurons;
            return counts;
        }

        private NetworkBounds[] TightenByLp(NetworkBounds[] bounds, IReadOnlyList<OutputWeights> subproblems)
        {
            // The LPs may use at most a third of the time limit: the MIP needs the rest.
            var deadline = Options.TimeLimit is { } limit ? Clock.Elapsed + (limit / 3) : (TimeSpan?)null;
            TimeSpan? Budget() => Clock.LeftBefore(deadline);
            var tightening = new LpBoundTightening(_owner.LpSolver ?? _owner._solver, Budget, Cancel);
            var activations = tightening.TightenForward(bounds[0], subproblems[0], Quantity.InputNorm);
            var result = new NetworkBounds[bounds.Length];
            for (var s = 0; s < bounds.Length; s++)
            {
                var forward = new NetworkBounds(_network, Options.Bounds, activations, BoundPropagation.Backward(_network, activations, subproblems[s].Bounds(), Options.Bounds));
                result[s] = tightening.TightenBackward(forward, subproblems[s], Quantity.InputNorm);
                Report(RunPhase.Bounds, s + 1, bounds.Length, 0, null);
            }

            Ledger.Note($"LP tightening solved {tightening.LpCount} LPs in {Clock.Elapsed.TotalSeconds:0.00} s.");
            return result;
        }

        private void SolveSubproblem(int s, int count, NetworkBounds bounds, OutputWeights weights, PointValue start)
        {
            var clock = Stopwatch.StartNew();
            var propagated = _upper[s];
            var mip = LipMipEncoder.Encode(bounds, weights, Quantity.InputNorm, $"lipmip-{s}", Options.LinkCoincidentNeurons);
            _binaries = Math.Max(_binaries, mip.Binaries);
            var (model, startObjective) = WithStart(mip, start);

            // Only solutions that beat the starting point matter; slightly below it, so that a
            // starting point that is already optimal is still found.
            double? cutoff = startObjective is { } v ? v - (1e-7 * Math.Abs(v)) - 1e-9 : null;
            if (Options.Link is not null && Lower > (cutoff ?? double.NegativeInfinity))
            {
                // Racing another engine: its proven witness (a lower bound for the whole quantity)
                // is a cutoff too, where the back end takes one; only better solutions matter.
                cutoff = Lower - (1e-7 * Math.Abs(Lower)) - 1e-9;
            }

            var excluded = 0;
            var lower = start.Value;
            long nodes = 0;
            var ending = SubproblemOutcome.Optimal;
            while (true)
            {
                _owner.ModelReady?.Invoke(s, model);
                var solverProgress = new Progress(this, s, count);
                SolveOutcome outcome;
                try
                {
                    outcome = _owner._solver.Solve(
                        model,
                        new SolveOptions(TimeLeft(), Options.Gap, Options.Threads, Options.ProgressInterval, cutoff),
                        solverProgress,
                        Cancel);
                }
                catch (SolverFailedException e)
                {
                    // The bounds held so far stay certified; the run reports them as bounds.
                    Ledger.Note($"Sub-problem {s}: {e.Message}");
                    ending = SubproblemOutcome.SolverFailed;
                    _failed = true;
                    break;
                }

                nodes += outcome.Nodes;
                _nodes += outcome.Nodes;
                if (outcome.Dual is { } dual)
                {
                    _upper[s] = Math.Min(_upper[s], BoundsRounding.Up(dual));
                }

                ending = outcome.Status switch
                {
                    SolveStatus.Optimal => SubproblemOutcome.Optimal,
                    SolveStatus.TimeLimit => SubproblemOutcome.TimeLimit,
                    SolveStatus.Interrupted => SubproblemOutcome.Interrupted,
                    SolveStatus.Infeasible => SubproblemOutcome.Infeasible,
                    _ => SubproblemOutcome.Unbounded,
                };
                _timedOut |= outcome.Status == SolveStatus.TimeLimit;
                _interrupted |= outcome.Status == SolveStatus.Interrupted;
                if (outcome.Status == SolveStatus.Infeasible)
                {
                    if (cutoff is { } applied && _owner._solver.AppliesCutoff)
                    {
                        // No solution reaches the cutoff, which lies below the starting point's
                        // objective: nothing in the box exceeds that objective.
                        _upper[s] = Math.Min(_upper[s], BoundsRounding.Up(Math.Max(Math.Max(lower, Lower), Math.Max(applied, startObjective ?? applied))));
                    }
                    else
                    {
                        // Every pattern with interior is a solution of the model (and the excluded
                        // ones have none), so without a cutoff "infeasible" is the solver's error.
                        Ledger.Note($"Sub-problem {s}: the solver reported a feasible model infeasible; its bound was not used.");
                        _failed = true;
                        ending = SubproblemOutcome.SolverFailed;
                    }

                    break;
                }

                if (outcome.Solution is not { } solution)
                {
                    break;
                }

                // The objective of the point the solver returned, not the value it reported: the
                // two differ when a solver returns a stale point (measured once with CBC).
                var primal = mip.Model.Evaluate(solution);
                var realised = CheckWitness(mip, solution, primal, weights, out var found);
                lower = Math.Max(lower, found);
                if (realised)
                {
                    break;
                }

                if (OutOfTime || Cancel.IsCancellationRequested)
                {
                    break;
                }

                // The solver's best pattern is met by no interior point: exclude it and go on.
                if (excluded >= Options.MaxPatternExclusions || outcome.Status != SolveStatus.Optimal)
                {
                    Ledger.Note($"Sub-problem {s}: the solver's best activation pattern is met by no interior point of the box, so its value {primal:G9} is not a Lipschitz constant of the network; the upper bound stays the solver's bound.");
                    break;
                }

                excluded++;
                model = model.WithRow(NoGoodCut(mip, solution, excluded));
            }

            if (excluded > 0)
            {
                Ledger.Note($"Sub-problem {s}: {excluded} activation pattern(s) met only on a measure-zero set (the ReLU′(0) ambiguity) were excluded by no-good cuts (see docs/certify.md).");
            }

            if (_upper[s] < lower)
            {
                // A proven point beats the solver's bound: its tolerances are showing, and a bound
                // known wrong here proves nothing elsewhere. Back to the propagated bound.
                Ledger.Note($"Sub-problem {s}: the solver's bound {_upper[s]:R} lies below the value {lower:R} proven at a point, so it was not used.");
                _upper[s] = propagated;
                _failed = true;
                ending = SubproblemOutcome.SolverFailed;
            }

            _results.Add(new SubproblemResult(s, weights.Fixed, lower, _upper[s], ending, nodes, clock.Elapsed.TotalSeconds, mip.Binaries, mip.UnstableNeurons, excluded));
            Record();
        }

        /// <summary>
        /// Recomputes the solver's solution with the plain evaluator. True when the search of this
        /// sub-problem is settled: the value is realised at a real point (directly, or at an
        /// interior point of the solver's pattern), or the pattern could not be judged. False only
        /// when the pattern provably has no interior point, so it may be excluded.
        /// </summary>
        private bool CheckWitness(LipschitzMip mip, double[] solution, double primal, OutputWeights weights, out double found)
        {
            var x = mip.ReadInput(solution);
            Box.Clamp(x);
            var direct = PointSearch.Evaluate(Original, Box, Quantity, weights, x);
            Offer(direct, WitnessSource.Mip);
            found = direct.Value;
            if (Realised(direct.Value, primal))
            {
                return true;
            }

            // x sits on a kink where the evaluator's ReLU′(0) = 0 differs from the solver's
            // choice: look for an interior point of the solver's pattern.
            if (OutOfTime || Cancel.IsCancellationRequested)
            {
                return false;
            }

            var region = RegionCheck.Decide(mip, solution, _owner.RegionSolver ?? _owner._solver, TimeLeft(), Cancel);
            if (!region.IsDecided)
            {
                // Unknown is not empty: keep the solver's bound and exclude nothing. The run then
                // ends with bounds, stopped by the time limit, by Ctrl-C, or by the undecided LP.
                Ledger.Note($"The solver's point evaluates to {direct.Value:G9}, below its objective {primal:G9}, and whether its pattern has interior points could not be decided ({region.Undecided}); the pattern was kept.");
                _interrupted |= Cancel.IsCancellationRequested;
                _timedOut |= !Cancel.IsCancellationRequested && OutOfTime;
                _failed |= !Cancel.IsCancellationRequested && !OutOfTime;
                return true;
            }

            if (region.Point is not { } interior)
            {
                return false;
            }

            var inside = PointSearch.Evaluate(Original, Box, Quantity, weights, interior);
            Offer(inside, WitnessSource.Region);
            found = Math.Max(found, inside.Value);
            if (!Realised(inside.Value, primal))
            {
                Ledger.Note($"An interior point of the solver's pattern evaluates to {inside.Value:G9}, not the solver's {primal:G9}: the solver's tolerances show in the result.");
            }

            return true;
        }

        private bool Realised(double value, double primal) =>
            value >= primal - (Options.Tolerance * Math.Max(Math.Abs(primal), 1e-12));

        private static MipRow NoGoodCut(LipschitzMip mip, double[] solution, int index)
        {
            var columns = new List<int>();
            var coefficients = new List<double>();
            var ones = 0;
            foreach (var v in mip.Layers.SelectMany(l => l.PatternVariables))
            {
                var on = solution[v.Index] > 0.5;
                columns.Add(v.Index);
                coefficients.Add(on ? -1 : 1);
                ones += on ? 1 : 0;
            }

            // Σ_{a=0} a + Σ_{a=1} (1 − a) ≥ 1: at least one binary differs from this pattern.
            return new MipRow($"exclude/{index}", columns.ToArray(), coefficients.ToArray(), 1 - ones, double.PositiveInfinity);
        }

        /// <summary>The model seeded with the starting point, and the objective value that point attains.</summary>
        private (MipModel Model, double? Value) WithStart(LipschitzMip mip, PointValue start)
        {
            var values = mip.StartFrom(start.X, start.C);
            var violation = mip.Model.MaxViolation(values);
            if (violation > 1e-7)
            {
                Ledger.Note($"The starting point violates the model by {violation:G3} and was not passed to the solver.");
                return (mip.Model, null);
            }

            return (mip.Model.WithStart(values), mip.Model.Evaluate(values));
        }

        /// <summary>Keeps a proven point (see <see cref="PointSearch.Evaluate"/>) when it raises the lower bound.</summary>
        private void Offer(PointValue candidate, WitnessSource source)
        {
            lock (_upperGate)
            {
                Ledger.Keep(new Witness(candidate.X, candidate.C, candidate.Value, source) { Pattern = candidate.Pattern }, () => Math.Max(Upper, Lower));
            }
        }

        private TimeSpan? TimeLeft() => Clock.Left;

        private bool OutOfTime => Clock.Expired;

        private void Record()
        {
            lock (_upperGate)
            {
                Ledger.Record(Math.Max(Upper, Lower));
            }
        }

        private void Report(RunPhase phase, int subproblem, int count, long nodes, double? incumbent) =>
            _run.Progress?.Report(new CertifyProgress(phase, subproblem, count, Clock.Elapsed, _nodes + nodes, Lower, Math.Max(Upper, Lower), incumbent));

        /// <summary>Turns solver progress into run progress: the sub-problem's bound as it falls.</summary>
        private sealed class Progress : IProgress<SolveProgress>
        {
            private readonly RunState _run;
            private readonly int _index;
            private readonly int _count;

            public Progress(RunState run, int index, int count)
            {
                _run = run;
                _index = index;
                _count = count;
            }

            public void Report(SolveProgress value)
            {
                // A bound read from a printed log is rounded: it may sit below the true one.
                if (value.Dual is { } dual && double.IsFinite(dual) && !value.Rounded)
                {
                    lock (_run._upperGate)
                    {
                        _run._upper[_index] = Math.Min(_run._upper[_index], BoundsRounding.Up(dual));
                    }

                    _run.Record();
                }

                _run.Report(RunPhase.Mip, _index + 1, _count, value.Nodes, value.Primal);
            }
        }
    }
}
