using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.VnnLib;
using ExactLip.Network;
using ExactLip.Tests;

namespace ExactLip.Benchmarks;

/// <summary>
/// The certify benchmark suite: random MLPs of growing width, depth and box size (fixed seeds),
/// and the small real networks of ../shared/models with boxes from their property files.
/// </summary>
public static class Suite
{
    public static IEnumerable<BenchmarkCase> Cases(string sharedModels)
    {
        var shapes = new (int Inputs, int[] Hidden)[]
        {
            (5, new[] { 10, 10 }),
            (5, new[] { 20, 20 }),
            (5, new[] { 40, 40 }),
            (10, new[] { 30, 30, 30 }),
            (5, new[] { 20, 20, 20, 20 }),
            (10, new[] { 60, 60 }),
        };
        foreach (var (inputs, hidden) in shapes)
        {
            foreach (var radius in new[] { 0.05, 0.2 })
            {
                var rng = new Random(17 + inputs + hidden.Sum());
                var net = RandomNetworks.Mlp(rng, inputs, hidden, 3);
                var center = Enumerable.Range(0, inputs).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
                var name = $"mlp {inputs}-{string.Join("-", hidden)}-3";
                yield return new BenchmarkCase(name, $"ε={radius}, margin c=e0−e1, ℓ∞", net, Box.Ball(center, radius), LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1, 0 }));
                yield return new BenchmarkCase(name, $"ε={radius}, ‖J‖∞→∞", net, Box.Ball(center, radius), LipschitzQuantity.Operator(Norm.Linf, Norm.Linf));
            }
        }

        foreach (var (file, property, description) in new[]
        {
            ("vnncomp-test/test_small.onnx", "vnncomp-test/test_small.vnnlib", "property box"),
            ("rl/cartpole.onnx", "rl/cartpole_case_safe_14.vnnlib", "property box"),
            ("acasxu/ACASXU_run2a_1_1_batch_2000.onnx", "acasxu/prop_3.vnnlib", "property box"),
        })
        {
            var modelPath = Path.Combine(sharedModels, file);
            var propertyPath = Path.Combine(sharedModels, property);
            if (!File.Exists(modelPath) || !File.Exists(propertyPath))
            {
                continue;
            }

            var net = ModelLoader.Load(modelPath);
            var box = VnnLibReader.Read(propertyPath);
            var c = new double[net.OutputSize];
            c[0] = 1;
            if (c.Length > 1)
            {
                c[1] = -1;
            }

            yield return new BenchmarkCase(file, $"{description}, c=e0−e1, ℓ∞", net, box, LipschitzQuantity.Scalar(Norm.Linf, c));
        }
    }
}
