using System.Globalization;
using System.Text.Json;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.VnnLib;
using ExactLip.Network;

namespace ExactLip.Benchmarks;

/// <summary>
/// The conv and MNIST instances of the portfolio measurement (docs/benchmarks.md, "Portfolio"),
/// as benchmarks/portfolio/run_portfolio.py builds them, for in-process runs (--suite portfolio):
/// the trained digits CNN (fixtures/models/digits_cnn) over its benchmark test image ± 0.02 and
/// ± 0.05 clipped to [0, 1], margin of the true class over the runner-up, and mnist-net_256x2
/// over the prop_0 image ± 0.005 clipped to [0, 1], margin e8 − e2.
/// </summary>
public static class PortfolioSuite
{
    public static IEnumerable<BenchmarkCase> Cases(string root, string sharedModels)
    {
        var folder = Path.Combine(root, "fixtures", "models", "digits_cnn");
        var cnn = ModelLoader.Load(Path.Combine(folder, "digits_cnn.onnx"));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "digits_cnn.json"))))
        {
            var image = json.RootElement.GetProperty("benchmark_image");
            var pixels = image.GetProperty("pixels").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var (label, runnerUp) = (image.GetProperty("label").GetInt32(), image.GetProperty("runner_up").GetInt32());
            var quantity = LipschitzQuantity.Scalar(Norm.Linf, Margin(label, runnerUp, 10));
            foreach (var eps in new[] { 0.02, 0.05 })
            {
                yield return new BenchmarkCase("digits CNN (384 ReLUs)", string.Create(CultureInfo.InvariantCulture, $"±{eps}, margin e{label}−e{runnerUp}"), cnn, Clipped(pixels, eps), quantity);
            }
        }

        var mnist = Path.Combine(sharedModels, "mnistfc");
        var property = Path.Combine(mnist, "prop_0_0.03.vnnlib");
        if (File.Exists(property))
        {
            var net = ModelLoader.Load(Path.Combine(mnist, "mnist-net_256x2.onnx"));
            yield return new BenchmarkCase("mnist-net_256x2", "prop_0 ±0.005, margin e8−e2", net, Clipped(Prop0Image(VnnLibReader.Read(property)), 0.005), LipschitzQuantity.Scalar(Norm.Linf, Margin(8, 2, 10)));
        }
    }

    private static double[] Margin(int i, int j, int n)
    {
        var c = new double[n];
        c[i] = 1;
        c[j] = -1;
        return c;
    }

    private static Box Clipped(double[] centre, double eps) => new(
        centre.Select(v => Math.Clamp(v - eps, 0, 1)).ToArray(),
        centre.Select(v => Math.Clamp(v + eps, 0, 1)).ToArray());

    /// <summary>The image of prop_0: the centre of its ±0.03 box before that box was clipped to [0, 1].</summary>
    private static double[] Prop0Image(Box box) => Enumerable.Range(0, box.Dimension).Select(i =>
    {
        var (a, b) = (box.Lo(i), box.Hi(i));
        return a <= 0 && b < 1 ? b - 0.03 : b >= 1 && a > 0 ? a + 0.03 : 0.5 * (a + b);
    }).ToArray();
}
