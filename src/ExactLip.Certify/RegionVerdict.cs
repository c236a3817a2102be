namespace ExactLip.Certify;

/// <summary>
/// What a region LP decided about an activation pattern, for both engines. Undecided is an
/// answer, not an error: neither engine may read it as "empty".
/// </summary>
public enum RegionVerdict
{
    /// <summary>A point proven (with its rounding errors) to give every fixed neuron its sign strictly.</summary>
    Interior,

    /// <summary>Proven (by the dual bound) to have no such point: at most a measure-zero set.</summary>
    Empty,

    /// <summary>The LP was not solved (stopped, the back end failed, or a layer cannot state its region): neither of the above is known.</summary>
    Unknown,

    /// <summary>The LP answered "no interior", but its duals do not prove it: nothing is known.</summary>
    Unverified,
}

/// <summary>A region check's answer: the verdict, the interior point when there is one, and why it is undecided when it is.</summary>
public sealed record RegionAnswer(RegionVerdict Verdict, double[]? Point = null, string? Undecided = null)
{
    public static RegionAnswer Empty { get; } = new(RegionVerdict.Empty);

    public static RegionAnswer Inside(double[] point) => new(RegionVerdict.Interior, point);

    public static RegionAnswer Unknown(string why) => new(RegionVerdict.Unknown, null, why);

    public static RegionAnswer Unverified(string why) => new(RegionVerdict.Unverified, null, why);

    public bool IsDecided => Verdict is RegionVerdict.Interior or RegionVerdict.Empty;

    /// <summary>The verdict and the interior point, for callers that do not read the reason.</summary>
    public void Deconstruct(out RegionVerdict verdict, out double[]? point)
    {
        verdict = Verdict;
        point = Point;
    }
}
