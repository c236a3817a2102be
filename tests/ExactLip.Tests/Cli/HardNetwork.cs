using ExactLip.Import.Json;

namespace ExactLip.Tests.Cli;

/// <summary>
/// A network whose certification runs far longer than any test waits (minutes with interval
/// bounds over the box [-1, 1]^10: hundreds of unstable neurons), for the tests of stopping
/// early. Fixed seed, so every run sees the same network.
/// </summary>
public static class HardNetwork
{
    public const int Inputs = 10;

    /// <summary>The options that make it hard: loose interval bounds over a wide box.</summary>
    public static readonly string[] HardOptions = ["--bounds", "interval", "--center", "0", "--eps", "1"];

    public static string Write(string folder)
    {
        var path = Path.Combine(folder, "hard.json");
        var network = RandomNetworks.Mlp(new Random(20240611), Inputs, [80, 80, 80], 1);
        JsonNetworkFormat.Save(network, path);
        return path;
    }
}
