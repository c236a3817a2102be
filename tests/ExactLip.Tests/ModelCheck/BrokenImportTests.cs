using ExactLip.Certify;
using ExactLip.Cli;
using ExactLip.Import.Onnx;
using ExactLip.ModelCheck;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.ModelCheck;

/// <summary>
/// A network that is not the model in its file is caught: check-model reports the disagreement
/// and exits with 1, and certify does not call its value exact. The faithful import of the same
/// file passes the same checks, so each test can fail both ways.
/// </summary>
public class BrokenImportTests
{
    private const string Cartpole = "fixtures/models/third-party/rl/cartpole.onnx";
    private const string Acas = "fixtures/models/third-party/acasxu/ACASXU_run2a_1_1_batch_2000.onnx";

    [Theory]
    [InlineData(Cartpole)]
    [InlineData(Acas)]
    public void CheckModel_InputsSwapped_ReportsDisagreement_AndExitsWith1(string model)
    {
        var (import, runtime) = ModelChecker.Load(Fixtures.Existing(model));
        using (runtime)
        {
            var box = FixtureBoxes.For(model, import.Network.InputSize);
            Run(import, runtime, box, out var faithful).Should().Be(0, faithful);

            var broken = import with { Network = BrokenImport.SwapFirstTwoInputs(import.Network) };
            Run(broken, runtime, box, out var text).Should().Be(CheckModelCommand.Disagree, text);
            text.Should().Contain("DISAGREE").And.Contain("EXCEEDED");
        }
    }

    [Fact]
    public void Compare_OutputBiasShiftedByTenThresholds_Disagrees_WhileAShiftWithinTheThresholdAgrees()
    {
        var (import, runtime) = ModelChecker.Load(Fixtures.Existing(Cartpole));
        using (runtime)
        {
            var box = FixtureBoxes.For(Cartpole, import.Network.InputSize);
            var points = CheckPoints.For(box, samples: 20, seed: 3);
            var faithful = ModelChecker.Compare(import.Network, runtime, box, points, seed: 3);
            faithful.Agree.Should().BeTrue();
            var threshold = faithful.Outputs.Threshold;

            var shifted = ModelChecker.Compare(BrokenImport.ShiftLastBias(import.Network, 10 * threshold), runtime, box, points, seed: 3);
            shifted.Agree.Should().BeFalse();
            shifted.Outputs.MaxAbs.Should().BeApproximately(10 * threshold, threshold);
            // A constant shift leaves every slope alone: only the outputs can see it.
            shifted.Derivatives!.Agree.Should().BeTrue();

            ModelChecker.Compare(BrokenImport.ShiftLastBias(import.Network, threshold / 10), runtime, box, points, seed: 3).Agree.Should().BeTrue();
        }
    }

    [Fact]
    public void Certify_WitnessDisagreesWithOnnxRuntime_IsBoundsWithANote_NotExact()
    {
        var path = Fixtures.Existing(Cartpole);
        var network = OnnxImporter.Load(path);
        var box = FixtureBoxes.For(Cartpole, network.InputSize);
        var exact = ExactCertificate(box.Center());

        var faithful = WitnessCrossCheck.Apply(exact, path, network, box);
        faithful.Status.Should().Be(CertificateStatus.Exact);
        faithful.Witness.OnnxRuntimeOutput.Should().Equal(network.Forward(box.Center().Select(v => (double)(float)v).ToArray()), (a, b) => Math.Abs(a - b) <= 1e-5);

        var broken = WitnessCrossCheck.Apply(exact, path, BrokenImport.SwapFirstTwoInputs(network), box);
        broken.Status.Should().Be(CertificateStatus.Bounds);
        broken.Value.Should().BeNull();
        broken.Notes.Should().ContainSingle(n => n.Contains("importer and ONNX Runtime disagree", StringComparison.Ordinal));
        broken.Witness.OnnxRuntimeOutput.Should().Equal(faithful.Witness.OnnxRuntimeOutput);
    }

    private static int Run(OnnxImport import, OnnxRuntimeModel runtime, Core.Box box, out string text)
    {
        using var writer = new StringWriter();
        var code = CheckModelCommand.Run("model.onnx", import, runtime, box, samples: 20, seed: 2, jsonPath: null, writer);
        text = writer.ToString();
        return code;
    }

    private static Certificate ExactCertificate(double[] x) => new(
        Quantity: "test",
        Status: CertificateStatus.Exact,
        Stop: StopReason.Optimal,
        Lower: 1,
        Upper: 1,
        Tolerance: 1e-6,
        Witness: new Witness(x, [1, -1], 1, WitnessSource.Region),
        Solver: "none",
        SolverVersion: string.Empty,
        BoundsMethod: "crown",
        Seconds: 0,
        Nodes: 0,
        UnstableNeurons: 0,
        Binaries: 0,
        BoundsUpper: 1,
        Subproblems: [],
        History: [],
        Notes: [],
        UnstableByBounds: new Dictionary<string, int>());
}
