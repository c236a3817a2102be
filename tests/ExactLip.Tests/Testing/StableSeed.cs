namespace ExactLip.Tests;

/// <summary>
/// A seed derived from a name that is the same on every run and machine (FNV-1a of its UTF-16
/// code units). string.GetHashCode is randomised per process, so a test seeded from it could
/// neither repeat a failure nor name the seed that caused it.
/// </summary>
public static class StableSeed
{
    public static int Of(string name)
    {
        var hash = 2166136261u;
        foreach (var ch in name)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }
}
