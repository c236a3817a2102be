using System.Text.Json;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Network;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The trained digits CNN of the portfolio benchmark (fixtures/models/digits_cnn, made by
/// benchmarks/portfolio/train_digits_cnn.py). Its outputs and Jacobians are compared with
/// PyTorch's by <see cref="ReferenceModelTests"/> and with ONNX Runtime's by
/// <see cref="ModelCheck.OnnxRuntimeAgreementTests"/>; here the benchmark image means what the
/// provenance file says, and one exact certificate on the benchmark's ±0.02 box is reached by
/// both engines, each on a different back end.
/// </summary>
public class DigitsCnnCertifyTests
{
    private const string Folder = "fixtures/models/digits_cnn";

    [Fact]
    public void BenchmarkImage_ImportedNetwork_GivesTheRecordedLogitsAndClasses()
    {
        var (network, image) = Load();
        var logits = network.Forward(image.Pixels);

        // The recorded logits are PyTorch's in float64, rounded to 6 decimals.
        logits.Should().Equal(image.Logits, (a, b) => Math.Abs(a - b) <= 1e-6);
        var order = Enumerable.Range(0, 10).OrderByDescending(i => logits[i]).ToArray();
        order[0].Should().Be(image.Label, "the benchmark image is one the network classifies correctly");
        order[1].Should().Be(image.RunnerUp);
    }

    [Fact]
    public void MarginOnTwoHundredthsBox_MipOnHighsAndBranchAndBoundOnGlpk_AgreeExactly()
    {
        var (network, image) = Load();
        var box = new Box(image.Pixels.Select(v => Math.Clamp(v - 0.02, 0, 1)).ToArray(), image.Pixels.Select(v => Math.Clamp(v + 0.02, 0, 1)).ToArray());
        var c = new double[10];
        c[image.Label] = 1;
        c[image.RunnerUp] = -1;
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, c);

        var mip = new Certifier(TestSolvers.Get("highs"), new CertifyOptions()).Run(network, box, quantity, null, CancellationToken.None);
        var bab = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), new CertifyOptions(Seed: 7), new BranchAndBoundOptions()).Run(network, box, quantity, null, CancellationToken.None);

        mip.Status.Should().Be(CertificateStatus.Exact);
        bab.Status.Should().Be(CertificateStatus.Exact);
        mip.Value!.Value.Should().BeApproximately(bab.Value!.Value, 1e-6 * bab.Value.Value);

        // The witness's own gradient, evaluated by the network, reaches the value.
        var witness = bab.Witness;
        box.Contains(witness.X).Should().BeTrue();
        network.Gradient(witness.X, c).Sum(Math.Abs).Should().BeApproximately(bab.Value.Value, 1e-9 * bab.Value.Value);
    }

    private static (NeuralNetwork Network, BenchmarkImage Image) Load()
    {
        var network = ModelLoader.Load(Fixtures.Existing($"{Folder}/digits_cnn.onnx"));
        using var json = JsonDocument.Parse(File.ReadAllText(Fixtures.Existing($"{Folder}/digits_cnn.json")));
        var image = json.RootElement.GetProperty("benchmark_image");
        return (network, new BenchmarkImage(
            image.GetProperty("pixels").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            image.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            image.GetProperty("label").GetInt32(),
            image.GetProperty("runner_up").GetInt32()));
    }

    private sealed record BenchmarkImage(double[] Pixels, double[] Logits, int Label, int RunnerUp);
}
