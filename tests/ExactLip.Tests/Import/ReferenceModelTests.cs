using ExactLip.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

/// <summary>
/// The small PyTorch models import and evaluate like PyTorch in float64, outputs and Jacobians
/// (1e-6). The models others published are checked against ONNX Runtime instead, in process
/// (<see cref="ModelCheck.OnnxRuntimeAgreementTests"/>).
/// </summary>
public class ReferenceModelTests
{
    public static TheoryData<string> TorchReferences() => new(Fixtures.ReferenceNames());

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
