using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Benchmarks;

/// <summary>One benchmark instance: a network, a box and a quantity.</summary>
public sealed record BenchmarkCase(string Model, string Description, NeuralNetwork Network, Box Box, LipschitzQuantity Quantity);
