using System.Globalization;
using ExactLip.Batch.Running;
using ExactLip.Certify;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ExactLip.Cli;

/// <summary>
/// Batch progress on a terminal: a Spectre.Console table on standard error, redrawn a few times
/// a second from the runner's snapshot, with the batch's counts and one row per running job
/// (phase, time, bounds, gap). The work runs on its own thread; this one only draws.
/// </summary>
public static class BatchLiveProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(300);

    public static T Run<T>(Func<BatchSnapshot> snapshot, Func<T> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        console.Live(Render(snapshot())).AutoClear(false).Start(context =>
        {
            while (!task.Wait(Refresh))
            {
                context.UpdateTarget(Render(snapshot()));
            }

            context.UpdateTarget(Render(snapshot()));
        });
        return task.GetAwaiter().GetResult();
    }

    private static IRenderable Render(BatchSnapshot s)
    {
        var c = CultureInfo.InvariantCulture;
        var done = s.RecordedEarlier + s.Done;
        var header = new Markup(Markup.Escape(
            $"done {done.ToString(c)}/{s.Total.ToString(c)}   running {s.Running.Count.ToString(c)}   left {s.Left.ToString(c)}"
            + (s.Failed > 0 ? $"   failed {s.Failed.ToString(c)}" : string.Empty)
            + (s.RecordedEarlier > 0 ? $"   (recorded earlier {s.RecordedEarlier.ToString(c)})" : string.Empty)));
        var bar = new BreakdownChart().Width(60).HideTags()
            .AddItem("done", Math.Max(done, 0), Color.Green)
            .AddItem("running", s.Running.Count, Color.Yellow)
            .AddItem("left", s.Left, Color.Grey);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("job", "line", "phase", "time", "lower", "upper", "gap");
        foreach (var job in s.Running)
        {
            var p = job.Progress;
            table.AddRow(
                Markup.Escape(job.Id),
                job.Line.ToString(c),
                Markup.Escape(p is null ? "start" : $"{p.Phase.Name()} {p.Subproblem}/{p.Subproblems}"),
                job.Elapsed.TotalSeconds.ToString("0.0", c) + " s",
                p is null ? "-" : p.Lower.ToString("G7", c),
                p is null || !double.IsFinite(p.Upper) ? "∞" : p.Upper.ToString("G7", c),
                BatchProgressLines.Gap(job));
        }

        var parts = new List<IRenderable> { header };
        if (done + s.Running.Count + s.Left > 0)
        {
            parts.Add(bar);
        }

        if (s.Running.Count > 0)
        {
            parts.Add(table);
        }

        return new Rows(parts);
    }
}
