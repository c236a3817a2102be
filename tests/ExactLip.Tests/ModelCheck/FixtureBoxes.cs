using ExactLip.Core;
using ExactLip.Import.VnnLib;
using ExactLip.Tests.Import;

namespace ExactLip.Tests.ModelCheck;

/// <summary>
/// A sensible input box for every ONNX model the tests use: the model's own VNN-COMP property
/// where it has one, else the domain its inputs live in (MNIST pixels in [0, 1], normalised
/// CIFAR images within [−2, 2], [−1, 1] for the small models made here). A model without an
/// entry fails <see cref="OnnxRuntimeAgreementTests"/>, so a new fixture gets one.
/// </summary>
public static class FixtureBoxes
{
    /// <summary>Models the importer refuses, each with a fragment of its reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Refused = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["fixtures/models/bad_infinite_constant.onnx"] = "infinite",
        ["fixtures/models/bad_nan_weight.onnx"] = "NaN",
        ["fixtures/models/bad_unsupported_op.onnx"] = "Unsupported ONNX operator",
        ["fixtures/models/bad_residual_maxpool.onnx"] = "carries tensors only around ReLU and linear operations",
    };

    private const string ThirdParty = Fixtures.ThirdPartyFolder;

    /// <summary>Model → a .vnnlib file, or (lo, hi) for every input.</summary>
    private static readonly Dictionary<string, object> Boxes = new(StringComparer.Ordinal)
    {
        ["fixtures/models/tiny_mlp.onnx"] = (-1.0, 1.0),
        ["fixtures/models/conv_net.onnx"] = (-1.0, 1.0),
        ["fixtures/models/nhwc_net.onnx"] = (-1.0, 1.0),
        ["fixtures/models/pool_net.onnx"] = (-1.0, 1.0),
        ["fixtures/models/norm_mlp.onnx"] = (-1.0, 1.0),
        ["fixtures/models/piecewise_mlp.onnx"] = (-1.0, 1.0),
        ["fixtures/models/conv1d_net.onnx"] = (-1.0, 1.0),
        ["fixtures/models/gap_net.onnx"] = (-1.0, 1.0),
        ["fixtures/models/residual_mlp.onnx"] = (-1.0, 1.0),
        ["fixtures/models/residual_cnn.onnx"] = (-1.0, 1.0),
        ["fixtures/models/resnet_4b.onnx"] = $"{ThirdParty}/oval21/cifar_base_kw-img4549-eps0.00392156862745098.vnnlib",
        ["fixtures/models/digits_cnn/digits_cnn.onnx"] = (0.0, 1.0),
        ["fixtures/models/cartpole/cartpole.onnx"] = "fixtures/models/cartpole/cartpole_case_safe_14.vnnlib",
        [$"{ThirdParty}/acasxu/ACASXU_run2a_1_1_batch_2000.onnx"] = $"{ThirdParty}/acasxu/prop_1.vnnlib",
        // A CIFAR-10 test image (normalised for oval21's network, close to ResNet-2B's own
        // normalisation) at ℓ∞ radius 1/255 in pixels.
        [$"{ThirdParty}/cifar10_resnet/resnet_2b.onnx"] = $"{ThirdParty}/oval21/cifar_base_kw-img4549-eps0.00392156862745098.vnnlib",
        [$"{ThirdParty}/eran/mnist_relu_9_200.onnx"] = (0.0, 1.0),
        [$"{ThirdParty}/marabou/mnist2x10.onnx"] = (0.0, 1.0),
        [$"{ThirdParty}/mnistfc/mnist-net_256x2.onnx"] = (0.0, 1.0),
        [$"{ThirdParty}/mnistfc/mnist-net_256x4.onnx"] = $"{ThirdParty}/mnistfc/prop_0_0.03.vnnlib",
        [$"{ThirdParty}/mnistfc/mnist-net_256x6.onnx"] = $"{ThirdParty}/mnistfc/prop_0_0.05.vnnlib",
        [$"{ThirdParty}/oval21/cifar_base_kw.onnx"] = (-2.0, 2.0),
        [$"{ThirdParty}/rl/cartpole.onnx"] = $"{ThirdParty}/rl/cartpole_case_safe_14.vnnlib",
        [$"{ThirdParty}/rl/lunarlander.onnx"] = (-1.0, 1.0),
        [$"{ThirdParty}/verivital/Convnet_avgpool.onnx"] = (0.0, 1.0),
        [$"{ThirdParty}/verivital/Convnet_maxpool.onnx"] = $"{ThirdParty}/verivital/maxpool_prop_0_0.004.vnnlib",
        [$"{ThirdParty}/vnncomp-test/test_nano.onnx"] = $"{ThirdParty}/vnncomp-test/test_nano.vnnlib",
        [$"{ThirdParty}/vnncomp-test/test_tiny.onnx"] = $"{ThirdParty}/vnncomp-test/test_tiny.vnnlib",
        [$"{ThirdParty}/vnncomp-test/test_small.onnx"] = $"{ThirdParty}/vnncomp-test/test_small.vnnlib",
    };

    /// <summary>Every .onnx file under fixtures/models, relative to the repository root.</summary>
    public static IEnumerable<string> AllModels() =>
        Directory.EnumerateFiles(Fixtures.Path("fixtures/models"), "*.onnx", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Fixtures.RepositoryRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static bool Has(string model) => Boxes.ContainsKey(model);

    public static Box For(string model, int inputs)
    {
        var box = Boxes[model] switch
        {
            string vnnlib => VnnLibReader.Read(Fixtures.Existing(vnnlib)),
            (double lo, double hi) => Box.FromUser(Enumerable.Repeat(lo, inputs).ToArray(), Enumerable.Repeat(hi, inputs).ToArray()),
            var other => throw new InvalidOperationException($"Unknown box {other} for {model}."),
        };
        if (box.Dimension != inputs)
        {
            throw new InvalidOperationException($"The box for {model} has {box.Dimension} bounds but the model {inputs} inputs.");
        }

        return box;
    }
}
