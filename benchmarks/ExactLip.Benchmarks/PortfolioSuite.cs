using System.Globalization;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.VnnLib;
using ExactLip.Network;

namespace ExactLip.Benchmarks;

/// <summary>
/// The conv and MNIST instances of the portfolio measurement (docs/benchmarks.md, "Portfolio"),
/// as benchmarks/portfolio/run_portfolio.py builds them, for in-process runs (--suite portfolio):
/// the digits CNN ±0.02 around its recorded centre, margin e5 − e0, and mnist-net_256x2 over the
/// prop_0 image ± 0.005 clipped to [0, 1], margin e8 − e2.
/// </summary>
public static class PortfolioSuite
{
    public static IEnumerable<BenchmarkCase> Cases(string root, string sharedModels)
    {
        var folder = Path.Combine(root, "benchmarks", "portfolio");
        var cnn = ModelLoader.Load(Path.Combine(folder, "digits_cnn.onnx"));
        var centre = File.ReadAllText(Path.Combine(folder, "digits_cnn_centre.txt")).Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        yield return new BenchmarkCase("digits CNN (384 ReLUs)", "±0.02, margin e5−e0", cnn, Clipped(centre, 0.02), LipschitzQuantity.Scalar(Norm.Linf, Margin(5, 0, 10)));

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
