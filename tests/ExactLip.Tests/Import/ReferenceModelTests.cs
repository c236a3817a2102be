using ExactLip.Import;
using ExactLip.Import.VnnLib;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

/// <summary>
/// Every model with a stored reference imports and evaluates like the reference: third-party
/// models against onnxruntime (float32, so 1e-5 absolute plus relative), the small PyTorch
/// models against PyTorch in float64 for outputs and Jacobians (1e-6).
/// </summary>
public class ReferenceModelTests
{
    /// <summary>The prefix of the references to the models in <see cref="Fixtures.ThirdPartyFolder"/>.</summary>
    public const string ThirdPartyPrefix = "third_party_";

    public static TheoryData<string> ThirdPartyReferences() => new(Fixtures.ReferenceNames(ThirdPartyPrefix, include: true));

    public static TheoryData<string> TorchReferences() => new(Fixtures.ReferenceNames(ThirdPartyPrefix, include: false));

    [Theory]
    [MemberData(nameof(ThirdPartyReferences))]
    public void ThirdPartyModel_Imports_AndMatchesOnnxRuntime(string name)
    {
        var reference = Fixtures.LoadReference(name);
        reference.Outputs.Should().NotBeNull("reference_outputs.mjs fills in the outputs");
        var network = ModelLoader.Load(Fixtures.Existing(reference.Model));
        network.InputSize.Should().Be(reference.InputShape.Aggregate(1, (p, d) => p * d));
        for (var k = 0; k < reference.Inputs.Length; k++)
        {
            var y = network.Forward(reference.Inputs[k]);
            y.Should().HaveCount(reference.Outputs![k].Length);
            for (var i = 0; i < y.Length; i++)
            {
                var expected = reference.Outputs[k][i];
                Math.Abs(y[i] - expected).Should().BeLessThanOrEqualTo(1e-5 + (1e-5 * Math.Abs(expected)), $"output {i} at point {k} of {name}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ThirdPartyReferences))]
    public void ThirdPartyModel_PropertyBox_HasOneBoundPerInput_AndContainsTheReferencePoints(string name)
    {
        var reference = Fixtures.LoadReference(name);
        if (reference.Property is null)
        {
            return;
        }

        var box = VnnLibReader.Read(Fixtures.Existing(reference.Property));
        box.Dimension.Should().Be(reference.Inputs[0].Length);
        foreach (var x in reference.Inputs)
        {
            box.Contains(x, 1e-7).Should().BeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(TorchReferences))]
    public void TorchModel_MatchesPyTorch_OutputsAndJacobians(string name)
    {
        var reference = Fixtures.LoadReference(name);
        var network = ModelLoader.Load(Fixtures.Existing(reference.Model));
        for (var k = 0; k < reference.Inputs.Length; k++)
        {
            var y = network.Forward(reference.Inputs[k]);
            y.Should().Equal(reference.Outputs![k], (a, b) => Math.Abs(a - b) <= 1e-6 * (1 + Math.Abs(b)));
            var jacobian = network.Jacobian(reference.Inputs[k]);
            for (var i = 0; i < jacobian.Length; i++)
            {
                jacobian[i].Should().Equal(reference.Jacobians![k][i], (a, b) => Math.Abs(a - b) <= 1e-6 * (1 + Math.Abs(b)), $"Jacobian row {i} at point {k}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(TorchReferences))]
    public void TorchModel_Simplified_KeepsOutputs(string name)
    {
        var reference = Fixtures.LoadReference(name);
        var network = ModelLoader.Load(Fixtures.Existing(reference.Model));
        var simple = network.Simplify();
        simple.Layers.Count.Should().BeLessThanOrEqualTo(network.Layers.Count);
        foreach (var x in reference.Inputs)
        {
            simple.Forward(x).Should().Equal(network.Forward(x), (a, b) => Math.Abs(a - b) <= 1e-9 * (1 + Math.Abs(b)));
        }
    }
}
