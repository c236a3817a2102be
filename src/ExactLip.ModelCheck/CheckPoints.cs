using ExactLip.Core;

namespace ExactLip.ModelCheck;

/// <summary>
/// Where check-model evaluates a model: the box's corners (all of them up to
/// <see cref="MaxCorners"/>, else that many chosen at random), its centre and random points
/// inside it. Deterministic for a given seed, so a disagreement can be reproduced.
/// Corners matter because the importer's mistakes scale with the input (a misread weight or
/// layout moves the output most where the input is largest), random points because they
/// reach activation patterns the corners do not.
/// </summary>
public sealed class CheckPoints
{
    /// <summary>All corners are used up to this many (a box of at most 6 dimensions of nonzero width).</summary>
    public const int MaxCorners = 64;

    private CheckPoints(IReadOnlyList<double[]> points, int corners, int wideDimensions)
    {
        Points = points;
        Corners = corners;
        WideDimensions = wideDimensions;
    }

    public IReadOnlyList<double[]> Points { get; }

    /// <summary>How many of <see cref="Points"/> are corners (they come first, then the centre, then the random points).</summary>
    public int Corners { get; }

    /// <summary>How many inputs the box lets vary: it has 2^<see cref="WideDimensions"/> distinct corners.</summary>
    public int WideDimensions { get; }

    public bool AllCorners => WideDimensions < 31 && Corners == 1 << WideDimensions;

    /// <param name="samplesName">What the user called the number of samples (an option's name, say), for the sentence on a bad one.</param>
    public static CheckPoints For(Box box, int samples, int seed, string samplesName = "The number of random sample points")
    {
        if (samples < 0)
        {
            throw new ExactLipException($"{samplesName} must be 0 or more, not {samples}.");
        }

        var random = new Random(seed);
        var wide = Enumerable.Range(0, box.Dimension).Where(i => box.Width(i) > 0).ToArray();
        var points = new List<double[]>();
        if (wide.Length < 31 && (1 << wide.Length) <= MaxCorners)
        {
            for (var bits = 0; bits < 1 << wide.Length; bits++)
            {
                points.Add(Corner(box, wide, k => ((bits >> k) & 1) == 1));
            }
        }
        else
        {
            for (var c = 0; c < MaxCorners; c++)
            {
                points.Add(Corner(box, wide, _ => random.Next(2) == 1));
            }
        }

        var corners = points.Count;
        points.Add(box.Center());
        for (var s = 0; s < samples; s++)
        {
            points.Add(Enumerable.Range(0, box.Dimension).Select(i => box.Lo(i) + (random.NextDouble() * box.Width(i))).ToArray());
        }

        return new CheckPoints(points, corners, wide.Length);
    }

    private static double[] Corner(Box box, int[] wide, Func<int, bool> upper)
    {
        var x = box.Lower.ToArray();
        for (var k = 0; k < wide.Length; k++)
        {
            if (upper(k))
            {
                x[wide[k]] = box.Hi(wide[k]);
            }
        }

        return x;
    }
}
