using System.Globalization;
using ExactLip.Core;

namespace ExactLip.Batch.Jobs;

/// <summary>
/// The K-th of N disjoint parts of a job file: the jobs on lines L with (L − 1) mod N = K − 1.
/// Implementation note: by line number rather than by hash, so the parts are as even as they can
/// be (they differ by at most one job) and a user can tell from the file which part runs a
/// job. Every copy computes its part alone, so N copies need no coordinator; the parts stay the
/// same as long as lines are not inserted or removed (appending jobs is fine).
/// </summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The whole file.</summary>
    public static Shard All { get; } = new(1, 1);

    public bool Includes(int line) => (line - 1) % Count == Index - 1;

    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads "K/N" with 1 ≤ K ≤ N.</summary>
    /// <param name="name">What the user called the shard (an option's name, say), for the sentence on a bad one.</param>
    public static Shard Parse(string text, string name = "A shard")
    {
        var parts = (text ?? string.Empty).Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
        {
            return new Shard(k, n);
        }

        throw new ExactLipException($"{name} expects K/N with 1 ≤ K ≤ N (such as 2/8), but got '{text}'.");
    }
}
