using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.VnnLib;
using ExactLip.Network;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// VNN-COMP 2021's CIFAR-10 ResNet-2B (two residual blocks, one with a 1 × 1 convolution on its
/// skip) and resnet_4b (four blocks of the same family, seeded weights) through the whole
/// pipeline, around CIFAR-10 test image 4549 (oval21's property, ℓ∞ radius 1/255 in pixels).
/// Their outputs agree with ONNX Runtime (<see cref="ModelCheck.OnnxRuntimeAgreementTests"/>),
/// resnet_4b's outputs and Jacobians with PyTorch (<see cref="ReferenceModelTests"/>); here the
/// Jacobian is checked against central differences of the evaluator, the bounds against sampled
/// points, and certificates against the witness's own gradient.
/// </summary>
public class ResNetCertifyTests
{
    private const string Image = $"{Fixtures.ThirdPartyFolder}/oval21/cifar_base_kw-img4549-eps0.00392156862745098.vnnlib";
    private const string ResNet2b = $"{Fixtures.ThirdPartyFolder}/cifar10_resnet/resnet_2b.onnx";
    private const string ResNet4b = "fixtures/models/resnet_4b.onnx";

    /// <summary>The margin between the logits of classes 0 and 1.</summary>
    private static readonly double[] Margin = { 1, -1, 0, 0, 0, 0, 0, 0, 0, 0 };

    private static NeuralNetwork Load(string model) => ModelLoader.Load(Fixtures.Existing(model));

    private static Box Property() => VnnLibReader.Read(Fixtures.Existing(Image));

    private static double[] Centre(Box box) => Enumerable.Range(0, box.Dimension).Select(i => (box.Lo(i) + box.Hi(i)) / 2).ToArray();

    [Fact]
    public void ResNet2b_Jacobian_EqualsCentralDifferences()
    {
        var net = Load(ResNet2b);
        var x = Centre(Property());
        var jacobian = net.Jacobian(x);
        var rng = new Random(3);
        for (var d = 0; d < 3; d++)
        {
            var v = Enumerable.Range(0, x.Length).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
            const double h = 1e-6;
            var plus = net.Forward(x.Select((xi, i) => xi + (h * v[i])).ToArray());
            var minus = net.Forward(x.Select((xi, i) => xi - (h * v[i])).ToArray());
            for (var o = 0; o < 10; o++)
            {
                var jv = jacobian[o].Select((j, i) => j * v[i]).Sum();
                var difference = (plus[o] - minus[o]) / (2 * h);
                difference.Should().BeApproximately(jv, 1e-5 * (1 + Math.Abs(jv)), $"output {o}, direction {d}");
            }
        }
    }

    [Theory]
    [InlineData(BoundsMethod.Interval)]
    [InlineData(BoundsMethod.Crown)]
    public void ResNet2b_Bounds_ContainSampledOutputsAndGradients(BoundsMethod method)
    {
        var net = Load(ResNet2b).Simplify();
        var box = Property();
        var bounds = BoundPropagation.Compute(net, box, Box.Point(Margin), method);
        var rng = new Random(5);
        for (var s = 0; s < 20; s++)
        {
            var x = Enumerable.Range(0, box.Dimension).Select(i => box.Lo(i) + (rng.NextDouble() * (box.Hi(i) - box.Lo(i)))).ToArray();
            bounds.Activations[^1].Contains(net.Forward(x)).Should().BeTrue($"output at sample {s}");
            bounds.InputGradient.Contains(net.Gradient(x, Margin)).Should().BeTrue($"gradient at sample {s}");
        }
    }

    [Theory]
    [InlineData(ResNet2b)]
    [InlineData(ResNet4b)]
    public void AtOneOver255_CertifiedBounds_FromAProvenWitness(string model)
    {
        var net = Load(model);
        var box = Property();
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, Margin);
        var options = new CertifyOptions(Bounds: BoundsMethod.Crown, TimeLimit: TimeSpan.FromSeconds(5), Samples: 8, LocalSteps: 8, Seed: 1);
        var cert = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), options, new BranchAndBoundOptions(Workers: 1)).Run(net, box, quantity, null, CancellationToken.None);

        cert.Lower.Should().BePositive();
        cert.Lower.Should().BeLessThanOrEqualTo(cert.Upper);
        double.IsFinite(cert.Upper).Should().BeTrue();
        box.Contains(cert.Witness.X).Should().BeTrue();

        // The witness is proven again here, and its value is the ℓ1 norm of cᵀJ there, rounded
        // down by its error bound.
        var proven = WitnessProof.At(net, quantity, cert.Witness.X, Margin);
        proven.Should().NotBeNull();
        proven!.Value.Should().BeGreaterThanOrEqualTo(cert.Lower);
        var gradient = net.Gradient(cert.Witness.X, Margin).Sum(Math.Abs);
        gradient.Should().BeGreaterThanOrEqualTo(cert.Lower);
        gradient.Should().BeApproximately(cert.Lower, 1e-6 * gradient);
    }

    [Fact]
    public void ResNet2b_OnATinyBox_IsExact_AndTheCentresGradient()
    {
        // ±1e−4 around the image: linear bounds decide every neuron, so the box is one region.
        var net = Load(ResNet2b);
        var centre = Centre(Property());
        var box = new Box(centre.Select(v => v - 1e-4).ToArray(), centre.Select(v => v + 1e-4).ToArray());
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, Margin);
        var options = new CertifyOptions(Bounds: BoundsMethod.Crown, Samples: 8, LocalSteps: 8, Seed: 1);
        var cert = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), options, new BranchAndBoundOptions(Workers: 1)).Run(net, box, quantity, null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact, $"bounds [{cert.Lower}, {cert.Upper}]");
        var atCentre = net.Gradient(centre, Margin).Sum(Math.Abs);
        cert.Value!.Value.Should().BeApproximately(atCentre, 1e-6 * atCentre);
    }
}
