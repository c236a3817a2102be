using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.ModelCheck;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// certify's check that the network it certified is the model in the file: the witness is run
/// through ONNX Runtime too (an ONNX model only), its output recorded, and compared with
/// ExactLip's evaluator at the witness and the box centre to float32 accuracy
/// (<see cref="ImporterCheck"/>). A disagreement is a note, and the result cannot be exact:
/// the bounds are still proven, but about the network as imported, which is then not the model.
/// </summary>
public static class WitnessCrossCheck
{
    public static Certificate Apply(Certificate certificate, string modelPath, NeuralNetwork network, Box box)
    {
        if (!string.Equals(Path.GetExtension(modelPath), ".onnx", StringComparison.OrdinalIgnoreCase) || certificate.Witness.X.Length != network.InputSize)
        {
            return certificate;
        }

        ImporterCheckResult result;
        try
        {
            using var runtime = OnnxRuntimeModel.Load(modelPath, network.InputSize);
            result = ModelChecker.Compare(network, runtime, certificate.Witness.X, box.Center());
        }
        catch (ExactLipException e)
        {
            return certificate with { Notes = [.. certificate.Notes, $"The witness was not run through ONNX Runtime: {e.Message}"] };
        }

        var witness = certificate.Witness with { OnnxRuntimeOutput = result.OnnxRuntimeOutputs[0] };
        if (result.Agree)
        {
            return certificate with { Witness = witness };
        }

        var o = result.Outputs;
        var note = $"The importer and ONNX Runtime disagree: their outputs differ by {o.MaxAbs:G3} ({o.MaxRelative:G3} of the output scale, above float32 accuracy), so the network certified is not the model in the file and the status is bounds, not exact; run exactlip check-model on it.";
        return certificate with
        {
            Witness = witness,
            Status = CertificateStatus.Bounds,
            Notes = [.. certificate.Notes, note],
        };
    }
}
