using ExactLip.Core;
using ExactLip.Import.Onnx;
using ExactLip.Network;

namespace ExactLip.ModelCheck;

/// <summary>
/// check-model's steps: read the file with both evaluators, then compare them over a box. The
/// file is loaded in ONNX Runtime first, so a model the importer refuses is reported as such
/// (and a file neither reads as what it is).
/// </summary>
public static class ModelChecker
{
    /// <summary>Loads <paramref name="path"/> in ONNX Runtime and in ExactLip's importer.</summary>
    public static (OnnxImport Import, OnnxRuntimeModel Runtime) Load(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExactLipException($"check-model is for ONNX files, and {path} is not one (.onnx); it compares ExactLip's import of an ONNX model with ONNX Runtime, which an ExactLip JSON network has no counterpart in.");
        }

        OnnxImport import;
        try
        {
            import = OnnxImporter.Read(path);
        }
        catch (ModelFormatException e)
        {
            // Loading in ONNX Runtime first would say whether the file is a valid model at all.
            using var probe = OnnxRuntimeModel.TryLoad(path);
            if (probe is null)
            {
                throw;
            }

            throw new ExactLipException($"ONNX Runtime loads {path} but ExactLip's importer refuses it, so there is nothing to compare: {e.Message}");
        }

        return (import, OnnxRuntimeModel.Load(path, import.Network.InputSize));
    }

    /// <summary>Compares the two outputs at a few points (certify's witness and the box centre), without derivatives.</summary>
    public static ImporterCheckResult Compare(NeuralNetwork network, OnnxRuntimeModel runtime, params double[][] points) =>
        ImporterCheck.Compare(
            network,
            x => runtime.Evaluate(x),
            x => runtime.RoundInput(x),
            runtime.IsDouble ? ImporterCheck.Float64Tolerance : ImporterCheck.Float32Tolerance,
            points,
            halfWidths: null,
            seed: 0);

    /// <summary>Compares the two over <paramref name="points"/> of <paramref name="box"/>, directions seeded by <paramref name="seed"/>.</summary>
    public static ImporterCheckResult Compare(NeuralNetwork network, OnnxRuntimeModel runtime, Box box, CheckPoints points, int seed) =>
        ImporterCheck.Compare(
            network,
            x => runtime.Evaluate(x),
            x => runtime.RoundInput(x),
            runtime.IsDouble ? ImporterCheck.Float64Tolerance : ImporterCheck.Float32Tolerance,
            points.Points,
            box.Radius(),
            seed);
}
