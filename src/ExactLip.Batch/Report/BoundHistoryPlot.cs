using System.Globalization;
using System.Security;
using System.Text;
using ExactLip.Certify;

namespace ExactLip.Batch.Report;

/// <summary>
/// Draws the bound history of chosen jobs as an SVG: for each job its certified upper bound
/// (solid) and lower bound (dashed) against time, in one colour per job.
/// Implementation note: bounds change in steps (a new incumbent, a new dual bound), so each is
/// drawn as a step line that holds its value until the next point, and it is carried to the
/// job's end, where the recorded final bounds close it. An infinite upper bound is not drawn
/// until it first becomes finite. Colours are the Okabe–Ito palette, which stays distinct for
/// colour-blind readers; the legend names each job by its id.
/// </summary>
public static class BoundHistoryPlot
{
    private const double Width = 900;
    private const double Height = 520;
    private const double Left = 90;
    private const double Right = 230;
    private const double Top = 56;
    private const double Bottom = 64;

    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    public static string Render(IReadOnlyList<ReportRow> rows)
    {
        var series = rows.Select(Series).ToArray();
        var xMax = 1.02 * Math.Max(series.SelectMany(s => s.Points).Select(p => p.Seconds).DefaultIfEmpty(0).Max(), 1e-3);
        var values = series.SelectMany(s => s.Points).SelectMany(p => new[] { p.Lower, p.Upper }).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        var (yMin, yMax) = (values.Min(), values.Max());
        var pad = yMax > yMin ? 0.06 * (yMax - yMin) : Math.Max(Math.Abs(yMax) * 0.05, 1e-6);
        (yMin, yMax) = (yMin - pad, yMax + pad);
        var xTicks = Ticks(0, xMax);
        var yTicks = Ticks(yMin, yMax);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double t) => Left + plotWidth * t / xMax;
        double Y(double v) => Top + plotHeight * (1 - (v - yMin) / (yMax - yMin));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="30" font-size="17" font-weight="bold">Certified bounds against time</text>""").Append('\n');

        // Grid and axes.
        foreach (var t in xTicks.Where(t => t <= xMax))
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(X(t))}" y1="{F(Top)}" x2="{F(X(t))}" y2="{F(Top + plotHeight)}" stroke="#e3e3e3"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(X(t))}" y="{F(Top + plotHeight + 20)}" text-anchor="middle">{Label(t)}</text>""").Append('\n');
        }

        foreach (var v in yTicks.Where(v => v >= yMin && v <= yMax))
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(Left)}" y1="{F(Y(v))}" x2="{F(Left + plotWidth)}" y2="{F(Y(v))}" stroke="#e3e3e3"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Left - 8)}" y="{F(Y(v) + 4)}" text-anchor="end">{Label(v)}</text>""").Append('\n');
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(Left)}" y="{F(Top)}" width="{F(plotWidth)}" height="{F(plotHeight)}" fill="none" stroke="#444"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Left + plotWidth / 2)}" y="{F(Height - 18)}" text-anchor="middle">time (seconds)</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text transform="translate(24 {F(Top + plotHeight / 2)}) rotate(-90)" text-anchor="middle">certified bound</text>""").Append('\n');

        // One colour per job: upper bound solid, lower bound dashed.
        for (var i = 0; i < series.Length; i++)
        {
            var colour = Colours[i % Colours.Length];
            var upper = StepPath(series[i].Points.Select(p => (p.Seconds, p.Upper)), X, Y);
            var lower = StepPath(series[i].Points.Select(p => (p.Seconds, p.Lower)), X, Y);
            if (upper.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<path d="{upper}" fill="none" stroke="{colour}" stroke-width="2.2"/>""").Append('\n');
            }

            if (lower.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<path d="{lower}" fill="none" stroke="{colour}" stroke-width="2.2" stroke-dasharray="7 4"/>""").Append('\n');
            }

            var y = Top + 8 + 22 * i;
            var legendX = Left + plotWidth + 18;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(legendX)}" y1="{F(y)}" x2="{F(legendX + 26)}" y2="{F(y)}" stroke="{colour}" stroke-width="3"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(legendX + 34)}" y="{F(y + 4)}">{Escape(series[i].Label)}</text>""").Append('\n');
        }

        // The key to the two line styles.
        var keyY = Top + 22 * series.Length + 24;
        var keyX = Left + plotWidth + 18;
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(keyX)}" y1="{F(keyY)}" x2="{F(keyX + 26)}" y2="{F(keyY)}" stroke="#444" stroke-width="2"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(keyX + 34)}" y="{F(keyY + 4)}">upper bound</text>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{F(keyX)}" y1="{F(keyY + 22)}" x2="{F(keyX + 26)}" y2="{F(keyY + 22)}" stroke="#444" stroke-width="2" stroke-dasharray="7 4"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(keyX + 34)}" y="{F(keyY + 26)}">lower bound</text>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private sealed record PlotSeries(string Label, IReadOnlyList<BoundPoint> Points);

    private static PlotSeries Series(ReportRow row)
    {
        var r = row.Record;
        var points = r.History.ToList();
        // The recorded final bounds close the line at the job's end.
        if (r.Lower is { } lower && (points.Count == 0 || points[^1].Seconds <= r.Seconds))
        {
            points.Add(new BoundPoint(r.Seconds, lower, r.Upper ?? double.PositiveInfinity));
        }

        var label = $"job {r.Id}: {r.Status}";
        return new PlotSeries(label.Length > 26 ? label[..25] + "…" : label, points);
    }

    private static string StepPath(IEnumerable<(double T, double V)> points, Func<double, double> x, Func<double, double> y)
    {
        var path = new StringBuilder();
        foreach (var (t, v) in points)
        {
            if (!double.IsFinite(v))
            {
                continue;
            }

            path.Append(path.Length == 0 ? $"M{F(x(t))} {F(y(v))}" : $" H{F(x(t))} V{F(y(v))}");
        }

        return path.ToString();
    }

    /// <summary>About five round tick values covering [from, to].</summary>
    private static double[] Ticks(double from, double to)
    {
        var range = to - from;
        var raw = range / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var first = Math.Ceiling(from / step) * step;
        var ticks = new List<double>();
        for (var v = first; v <= to + 1e-9 * range; v += step)
        {
            ticks.Add(Math.Abs(v) < 1e-12 * step ? 0 : v);
        }

        if (ticks.Count == 0 || ticks[^1] < to - 1e-9 * range)
        {
            ticks.Add(first + step * ticks.Count);
        }

        return ticks.ToArray();
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
