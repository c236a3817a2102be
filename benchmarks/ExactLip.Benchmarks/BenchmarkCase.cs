using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.Benchmarks;

/// <summary>One benchmark instance: a network, a box and a quantity.</summary>
public sealed record BenchmarkCase(string Model, string Description, ExactLip.Network.Network Network, Box Box, LipschitzQuantity Quantity);
