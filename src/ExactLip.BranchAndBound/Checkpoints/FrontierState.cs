using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.BranchAndBound.Checkpoints;

/// <summary>One open sub-domain of a saved search: its box, fixed signs, depth, proven bound and interior point.</summary>
/// <param name="Signs">+1 active, −1 inactive, 0 free, per neuron of the engine's network.</param>
/// <param name="Upper">The bound the search held for it (its bounds are computed again on resume, and the smaller counts).</param>
/// <param name="Point">A point the search had proven inside it (checked again before any use).</param>
/// <param name="Path">
/// The splits that made it from the root, one integer each (neuron g active 2g, inactive 2g + 1;
/// input i cut at its midpoint, lower half −(2i + 1), upper −(2i + 2)), so that a resumed run bounds
/// it again split by split as the run that made it did; empty in a file that saved none.
/// </param>
public sealed record OpenSubDomain(Box Box, sbyte[] Signs, int Depth, double Upper, double[] Point, int[] Path);

/// <summary>The counters of a search, carried across runs so that its notes count all of its work.</summary>
/// <param name="EmptyByLp">Of <paramref name="Empty"/>, those the region LP proved empty (0 in a file that did not count them).</param>
public sealed record SearchCounts(long Bounded, long Closed, long Leaves, long Empty, long Lps, long Unverified, long Unresolved, long EmptyByLp = 0);

/// <summary>The best witness of a saved search: only where it is, never its value (that is proven again on load).</summary>
public sealed record SavedWitness(double[] X, double[] C, WitnessSource Source);

/// <summary>
/// The whole state of a branch-and-bound search at one moment: every open sub-domain (those in
/// the queue and those a worker held), the bounds of the parts already closed kept as one number
/// each (the largest bound of a closed part, and of parts left undecided), the best witness, the
/// bound history, the seconds spent and the counters. The upper bound of the run is the largest
/// of the closed parts' bound and the open sub-domains' bounds.
/// </summary>
public sealed record FrontierState(
    IReadOnlyList<OpenSubDomain> Open,
    double ClosedUpper,
    double UnresolvedUpper,
    SavedWitness? Witness,
    IReadOnlyList<BoundPoint> History,
    double Seconds,
    SearchCounts Counts);
