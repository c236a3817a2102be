using System.Globalization;

namespace ExactLip.Core.Threading;

/// <summary>
/// What one thread of this process got of the cores (Linux, /proc/self/task/TID/schedstat): the
/// time it ran and the time it was ready to run but waited for a core. Both are the kernel's
/// account, so they show how the cores were shared whatever else ran on the machine.
/// </summary>
/// <param name="Ran">Time the thread ran on a core.</param>
/// <param name="Waited">Time the thread was runnable but waited for a core.</param>
public sealed record ThreadCpu(TimeSpan Ran, TimeSpan Waited)
{
    /// <summary>The account of thread <paramref name="threadId"/> of this process now, or null where it cannot be read (not Linux, or the thread has ended).</summary>
    public static ThreadCpu? Of(int threadId)
    {
        if (!ThreadNice.Supported || threadId <= 0)
        {
            return null;
        }

        try
        {
            var fields = File.ReadAllText($"/proc/self/task/{threadId}/schedstat").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 2
                && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ran)
                && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var waited)
                ? new ThreadCpu(TimeSpan.FromTicks(ran / 100), TimeSpan.FromTicks(waited / 100))
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
