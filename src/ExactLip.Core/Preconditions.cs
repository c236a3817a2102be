namespace ExactLip.Core;

/// <summary>
/// Argument checks in one place. Every check that a user's input can fail throws
/// <see cref="ExactLipException"/> with a sentence naming the argument; NaN is rejected
/// everywhere a finite number is expected.
/// </summary>
public static class Preconditions
{
    public static double Finite(double value, string what)
    {
        if (!double.IsFinite(value))
        {
            throw new ExactLipException($"{what} must be a finite number, but it is {value}.");
        }

        return value;
    }

    public static double Positive(double value, string what)
    {
        Finite(value, what);
        if (value <= 0)
        {
            throw new ExactLipException($"{what} must be greater than zero, but it is {value}.");
        }

        return value;
    }

    public static IReadOnlyList<double> AllFinite(IReadOnlyList<double> values, string what)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ExactLipException($"{what} must hold finite numbers, but entry {i} is {values[i]}.");
            }
        }

        return values;
    }

    /// <summary>"1 entry", "3 entries".</summary>
    public static string Entries(int count) => count == 1 ? "1 entry" : $"{count} entries";

    public static void Length(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ExactLipException($"{what} has {Entries(actual)}, but the model expects {expected}.");
        }
    }
}
