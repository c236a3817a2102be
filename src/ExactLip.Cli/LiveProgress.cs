using System.Globalization;
using ExactLip.Certify;
using Spectre.Console;

namespace ExactLip.Cli;

/// <summary>
/// Progress on a terminal: a Spectre.Console bar on standard error whose fill is how far the
/// bounds have closed (lower/upper) and whose label shows phase, bounds, gap and nodes.
/// Reports may arrive on any thread; Spectre's progress task is thread-safe.
/// </summary>
public static class LiveProgress
{
    /// <summary>True when standard error is a terminal that can show a live bar.</summary>
    public static bool Available => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    /// <summary>Runs <paramref name="work"/> while showing its progress; returns its result.</summary>
    public static T Run<T>(Func<IProgress<CertifyProgress>, T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("bounds", maxValue: 1);
                // The bar ends where the bounds ended: full only when they met.
                result = work(new TaskProgress(task));
            });
        return result;
    }

    private sealed class TaskProgress : IProgress<CertifyProgress>
    {
        private readonly ProgressTask _task;

        public TaskProgress(ProgressTask task) => _task = task;

        public void Report(CertifyProgress p)
        {
            var c = CultureInfo.InvariantCulture;
            var upper = double.IsFinite(p.Upper) ? p.Upper.ToString("G7", c) : "∞";
            var gap = p.Gap is { } g ? (100 * g).ToString("0.###", c) + "%" : "–";
            _task.Description = Markup.Escape(p.Engines is { } engines
                ? $"auto  lower {p.Lower.ToString("G7", c)}  upper {upper}  gap {gap}  ({ProgressRenderer.Standings(engines, "G7")}; ahead: {p.Ahead?.Name()})"
                : $"{p.Phase.Name()} {p.Subproblem}/{p.Subproblems}  lower {p.Lower.ToString("G7", c)}  upper {upper}  gap {gap}  nodes {p.Nodes}");
            _task.Value = double.IsFinite(p.Upper) && p.Upper > 0 ? Math.Clamp(p.Lower / p.Upper, 0, 1) : 0;
        }
    }
}
