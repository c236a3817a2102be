using System.Text.Json.Nodes;
using ExactLip.Import.Json;
using ExactLip.Network;
using ExactLip.Tests.Exact;

namespace ExactLip.Tests.Cli;

/// <summary>
/// Networks for the checkpoint tests: one input, so that the exact one-input oracle knows their
/// constant in a moment (<see cref="OneInputOracle"/>), and deep and wide enough (three layers
/// of 40 ReLUs, interval bounds, one worker) that branch and bound bounds a few thousand
/// sub-domains over some seconds, so that kills land in the middle of the search.
/// </summary>
public static class CheckpointNetworks
{
    /// <summary>certify's options for the instance: the box [−1, 1], the slope of the single output, the slow settings.</summary>
    public static readonly string[] Options = ["--lo", "-1", "--hi", "1", "--c", "1", "--bounds", "interval", "--threads", "1"];

    public static (string Path, NeuralNetwork Network, double Truth) Deep(string folder, int seed = 20261205, int width = 40, string name = "deep.json")
    {
        var network = RandomNetworks.Mlp(new Random(seed), 1, [width, width, width], 1);
        var path = Path.Combine(folder, name);
        JsonNetworkFormat.Save(network, path);
        return (path, network, OneInputOracle.ScalarConstant(network, -1, 1, [1.0]).ToDouble());
    }

    /// <summary>The sub-domains bounded so far and the open ones, as a checkpoint file says; null while there is none.</summary>
    public static (long Bounded, int Open)? Progress(string checkpoint)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(checkpoint))!;
            return (json["counts"]!["bounded"]!.GetValue<long>(), json["open"]!.AsArray().Count);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            // Not written yet (the file appears whole, by a rename, but may not exist at all).
            return null;
        }
    }

    /// <summary>Waits until the checkpoint shows at least <paramref name="bounded"/> bounded sub-domains, or the run ended.</summary>
    public static (long Bounded, int Open)? WaitFor(string checkpoint, long bounded, ExactLipProcess run)
    {
        var deadline = DateTime.UtcNow + ExactLipProcess.Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Progress(checkpoint) is { } p && p.Bounded >= bounded)
            {
                return p;
            }

            if (run.HasExited)
            {
                return Progress(checkpoint);
            }

            Thread.Sleep(5);
        }

        return Progress(checkpoint);
    }
}
