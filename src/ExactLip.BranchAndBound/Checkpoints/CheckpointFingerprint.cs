using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.BranchAndBound.Checkpoints;

/// <summary>
/// What a checkpoint belongs to: the model file's bytes, the box, the quantity, and the options
/// that change the search or its answer (tolerance, bounds, branching rule, input splitting).
/// Implementation note: the time limit, threads, seed and LP back end are left out on purpose:
/// they change how long a run takes, not what it computes, and resuming with a longer time limit
/// or more workers is what a checkpoint is for. Each part is kept apart so that a refusal can
/// name the one that differs.
/// </summary>
public sealed record CheckpointFingerprint(string Model, string Box, string Quantity, string Options)
{
    /// <param name="modelSha256">SHA-256 of the model file's bytes (hex).</param>
    public static CheckpointFingerprint Of(string modelSha256, Box box, LipschitzQuantity quantity, CertifyOptions options, BranchAndBoundOptions search)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(quantity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(search);
        var c = CultureInfo.InvariantCulture;
        var boxBits = new StringBuilder();
        for (var i = 0; i < box.Dimension; i++)
        {
            boxBits.Append(BitConverter.DoubleToInt64Bits(box.Lo(i)).ToString("x16", c)).Append(BitConverter.DoubleToInt64Bits(box.Hi(i)).ToString("x16", c));
        }

        var weights = quantity.C is { } cs ? string.Join(",", cs.Select(v => v.ToString("R", c))) : "operator";
        var bounds = options.Bounds == BoundsMethod.Interval ? BoundsMethod.Interval.Name() : BoundsMethod.Crown.Name();
        return new CheckpointFingerprint(
            modelSha256,
            Sha256(boxBits.ToString()),
            $"{quantity.Describe()} c={weights}",
            $"tolerance={options.Tolerance.ToString("R", c)} bounds={bounds} branching={search.Branching.Name()} input-split={search.InputSplitDimension.ToString(c)}");
    }

    /// <summary>SHA-256 (hex) of a file's bytes; one sentence when it cannot be read.</summary>
    public static string FileSha256(string path) =>
        Convert.ToHexStringLower(SHA256.HashData(UserFile.ReadAllBytes(path, $"The model file '{path}'")));

    /// <summary>What differs from <paramref name="other"/>, as a phrase ("another box"), or null when nothing does.</summary>
    public string? Difference(CheckpointFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Model != other.Model)
        {
            return "another model (its file's bytes differ)";
        }

        if (Box != other.Box)
        {
            return "another box";
        }

        if (Quantity != other.Quantity)
        {
            return $"another quantity ({other.Quantity}, not {Quantity})";
        }

        return Options != other.Options ? $"other options ({other.Options}, not {Options})" : null;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
