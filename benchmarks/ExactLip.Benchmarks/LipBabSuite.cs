using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Network;

namespace ExactLip.Benchmarks;

/// <summary>
/// LipBaB's published setting (Bhowmick et al. 2021): MLPs with three hidden layers of 30 ReLUs
/// over a 10-dimensional box of side 0.1, the operator norms ‖J‖_{p→p} for p = 1, 2, ∞. The
/// networks are trained by fixtures/train_lipbab_mlps.py; the box centres are fixed random
/// points of the training data's range.
/// </summary>
public static class LipBabSuite
{
    public static IEnumerable<BenchmarkCase> Cases(string root)
    {
        var folder = Path.Combine(root, "fixtures", "models", "lipbab");
        foreach (var path in Directory.GetFiles(folder, "*.json").OrderBy(p => p, StringComparer.Ordinal))
        {
            var net = ModelLoader.Load(path);
            var rng = new Random(Path.GetFileNameWithoutExtension(path).Length + net.InputSize);
            for (var box = 0; box < 2; box++)
            {
                var center = Enumerable.Range(0, net.InputSize).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
                foreach (var norm in new[] { Norm.L1, Norm.L2, Norm.Linf })
                {
                    yield return new BenchmarkCase(
                        $"lipbab {Path.GetFileNameWithoutExtension(path)}",
                        $"box {box}, side 0.1, ‖J‖{norm.Name()}→{norm.Name()}",
                        net,
                        Box.Ball(center, 0.05),
                        LipschitzQuantity.Operator(norm, norm));
                }
            }
        }
    }
}
