namespace ExactLip.Certify;

/// <summary>The region check could not decide whether a pattern has interior points.</summary>
public sealed class RegionUndecidedException : Exception
{
    public RegionUndecidedException(string reason)
        : base(reason)
    {
    }
}
