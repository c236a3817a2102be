using System.Globalization;
using ExactLip.Core;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// Every HiGHS call whose status the binding depends on goes through here: an error status
/// becomes the back end's failure, naming the call or the option. Without it a renamed or
/// retired option (HiGHS renames some between minor releases) would be ignored silently and the
/// solve would run with HiGHS's default instead, e.g. its coarser feasibility tolerance.
/// A warning status is accepted: HiGHS returns it for calls that did what was asked.
/// </summary>
internal static unsafe class HighsCall
{
    public static void Check(int status, string what)
    {
        if (status == kHighsStatusError)
        {
            throw new SolverFailedException($"HiGHS rejected {what} (status {status}).");
        }
    }

    public static void SetOption(HighsHandle highs, string name, double value) =>
        Check(HighsNative.Highs_setDoubleOptionValue(highs, name, value), Option(name, value.ToString("R", CultureInfo.InvariantCulture)));

    public static void SetOption(HighsHandle highs, string name, int value) =>
        Check(HighsNative.Highs_setIntOptionValue(highs, name, value), Option(name, value.ToString(CultureInfo.InvariantCulture)));

    public static void SetOption(HighsHandle highs, string name, bool value) =>
        Check(HighsNative.Highs_setBoolOptionValue(highs, name, value ? 1 : 0), Option(name, value ? "true" : "false"));

    public static void SetOption(HighsHandle highs, string name, string value) =>
        Check(HighsNative.Highs_setStringOptionValue(highs, name, value), Option(name, $"\"{value}\""));

    private static string Option(string name, string value) => $"the option {name} = {value}";
}
