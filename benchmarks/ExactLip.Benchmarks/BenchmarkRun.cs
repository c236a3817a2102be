using ExactLip.Bounds;

namespace ExactLip.Benchmarks;

/// <summary>One certify run of the suite: which instance, with which back end and bounds, and how it ended.</summary>
public sealed record BenchmarkRun(string Case, string Solver, BoundsMethod Method, double Seconds, long Nodes, bool Exact, double Gap, string Stop);
