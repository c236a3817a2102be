using ExactLip.Core;
using ExactLip.ModelCheck;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.ModelCheck;

/// <summary>
/// Every ONNX model the tests use, imported by ExactLip, computes what ONNX Runtime computes
/// (outputs and directional differences at the corners, centre and 30 random points of a
/// sensible box, to float32 accuracy), or is refused by the importer in one sentence.
/// ONNX Runtime is the independent reference here: it replaces stored outputs that served
/// only to check the importer.
/// </summary>
public class OnnxRuntimeAgreementTests
{
    public static TheoryData<string> Models() => new(FixtureBoxes.AllModels());

    [Theory]
    [MemberData(nameof(Models))]
    public void Model_ImportedNetwork_AgreesWithOnnxRuntime(string model)
    {
        var path = Fixtures.Existing(model);
        if (FixtureBoxes.Refused.TryGetValue(model, out var reason))
        {
            FluentActions.Invoking(() => ModelChecker.Load(path)).Should().Throw<ExactLipException>().WithMessage($"*{reason}*");
            return;
        }

        FixtureBoxes.Has(model).Should().BeTrue($"{model} needs a box in FixtureBoxes (or an entry in its refused list)");
        var (import, runtime) = ModelChecker.Load(path);
        using (runtime)
        {
            var box = FixtureBoxes.For(model, import.Network.InputSize);
            var points = CheckPoints.For(box, samples: 30, seed: 1);
            var result = ModelChecker.Compare(import.Network, runtime, box, points, seed: 1);

            result.Points.Should().Be(points.Points.Count);
            result.Derivatives.Should().NotBeNull("every box here has width");
            result.Outputs.Scale.Should().BePositive();
            result.Outputs.MaxAbs.Should().BeLessThanOrEqualTo(result.Outputs.Threshold, $"outputs of {model}: {result.Outputs}");
            result.Derivatives!.MaxAbs.Should().BeLessThanOrEqualTo(result.Derivatives.Threshold, $"directional differences of {model}: {result.Derivatives}");
            import.Conversions.Should().NotBeEmpty();
        }
    }

    [Fact]
    public void EveryModelWithABox_IsAFixture()
    {
        var models = FixtureBoxes.AllModels().ToArray();
        models.Should().Contain(FixtureBoxes.Refused.Keys);
        models.Where(m => !FixtureBoxes.Refused.ContainsKey(m)).Should().OnlyContain(m => FixtureBoxes.Has(m));
    }
}
