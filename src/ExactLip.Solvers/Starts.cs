using ExactLip.Mip;

namespace ExactLip.Solvers;

/// <summary>A model's start as a solver should receive it: inside the bounds, integers rounded.</summary>
internal static class Starts
{
    public static double[] Clamped(MipModel model)
    {
        var start = model.Start ?? throw new ArgumentException("The model has no start.", nameof(model));
        var x = new double[start.Length];
        for (var j = 0; j < x.Length; j++)
        {
            var v = model.Variables[j];
            var value = Math.Clamp(start[j], v.Lower, v.Upper);
            x[j] = v.IsInteger ? Math.Round(value) : value;
        }

        return x;
    }
}
