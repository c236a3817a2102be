using System.Globalization;
using ExactLip.Core;

namespace ExactLip.Engines.Arguments;

/// <summary>The checks of certify's numeric options, each with certify's one sentence (shared by compare's and batch's own --time-limit).</summary>
public static class CertifyArgumentChecks
{
    /// <summary>The tolerance must stay below this: bounds a tenth apart do not make a value exact.</summary>
    public const double MaxTolerance = 0.1;

    /// <summary>
    /// The largest time limit, in seconds (about 23 days). The clocks the back ends wait on count
    /// milliseconds in 32 bits (at most 24.8 days) and TimeSpan ends near 29,000 years, so a longer
    /// limit is refused with a sentence rather than clamped silently; leaving the option out means
    /// no limit.
    /// </summary>
    public const double MaxTimeLimitSeconds = 2_000_000;

    public static TimeSpan? TimeLimit(double? seconds)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        Preconditions.Positive(s, "The time limit --time-limit");
        if (s > MaxTimeLimitSeconds)
        {
            throw new ExactLipException($"The time limit --time-limit must be at most {MaxTimeLimitSeconds.ToString(CultureInfo.InvariantCulture)} seconds (about 23 days), but it is {s.ToString(CultureInfo.InvariantCulture)}; leave it out for no limit.");
        }

        return TimeSpan.FromSeconds(s);
    }

    public static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new ExactLipException($"{option} must be at least 1, but it is {value.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>
    /// Most threads a run may ask for: each branch-and-bound worker is an OS thread with its own
    /// LPs, and a million of them exhausted the machine (the run hung and ignored SIGTERM).
    /// </summary>
    public const int MaxThreads = 256;

    /// <summary>A thread count: at least 1 and at most <see cref="MaxThreads"/>.</summary>
    public static int ThreadCount(int value, string option) =>
        AtLeastOne(value, option) <= MaxThreads
            ? value
            : throw new ExactLipException($"{option} must be at most {MaxThreads.ToString(CultureInfo.InvariantCulture)}, but it is {value.ToString(CultureInfo.InvariantCulture)}; this machine has {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores.");

    /// <summary>
    /// Upper − lower ≤ T·value calls the value exact (Certificate.Agree). From 0.1 up that would
    /// call a value exact that may be off by a tenth or more, so such values are refused; so are 0
    /// and below (equal bounds to the last bit, which outward-rounded bounds seldom give) and NaN.
    /// </summary>
    public static double Tolerance(double tolerance) =>
        tolerance is > 0 and < MaxTolerance
            ? tolerance
            : throw new ExactLipException($"--tolerance must be above 0 and below {MaxTolerance.ToString(CultureInfo.InvariantCulture)} (it is relative to the value: 1e-6, the default, is one part in a million), but it is {tolerance.ToString(CultureInfo.InvariantCulture)}.");

    public static double NonNegative(double value, string option)
    {
        Preconditions.Finite(value, option);
        if (value < 0)
        {
            throw new ExactLipException($"{option} must not be negative, but it is {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }
}
