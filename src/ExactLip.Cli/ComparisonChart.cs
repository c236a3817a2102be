using System.Globalization;
using System.Security;
using System.Text;
using ExactLip.Estimators;

namespace ExactLip.Cli;

/// <summary>
/// The compare chart as SVG: one row per estimator, a bar from the reference to the estimate on a
/// logarithmic axis of value / L, coloured by what the estimate promises, with the exact value as
/// the reference line (or, when the exact run stopped early, the band where L is known to lie).
/// Implementation note: hand-written SVG with fixed fonts and sizes, so any browser or
/// rsvg-convert renders it the same and no plotting library is needed.
/// </summary>
public static class ComparisonChart
{
    private const int Width = 940;
    private const int LabelRight = 250;
    private const int PlotLeft = 262;
    private const int PlotRight = Width - 230;
    private const int RowHeight = 30;
    private const int Top = 96;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Render(string title, string subtitle, Reference reference, IReadOnlyList<Estimate> estimates)
    {
        var rows = estimates.Where(e => e.Value > 0 && double.IsFinite(e.Value)).ToList();
        var scale = reference.Upper;
        var bandLow = reference.IsExact ? 1 : reference.Lower / scale;
        var ratios = rows.Select(e => e.Value / scale).ToList();
        var lo = Math.Min(ratios.DefaultIfEmpty(1).Min(), Math.Max(bandLow, 1e-6)) / 1.3;
        lo = Math.Min(lo, 1 / 1.3);
        var hi = Math.Max(ratios.DefaultIfEmpty(1).Max(), 1) * 1.3;
        double X(double r) => PlotLeft + ((Math.Log(r) - Math.Log(lo)) / (Math.Log(hi) - Math.Log(lo)) * (PlotRight - PlotLeft));

        var height = Top + (rows.Count * RowHeight) + 70;
        var svg = new StringBuilder();
        svg.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n");
        svg.Append(C, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(C, $"<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">{Esc(title)}</text>\n");
        svg.Append(C, $"<text x=\"20\" y=\"48\" font-size=\"12\" fill=\"#444\">{Esc(subtitle)}</text>\n");
        Legend(svg, 20, 72);

        var plotTop = Top - 8;
        var plotBottom = Top + (rows.Count * RowHeight);

        // Band or line for the reference.
        if (!reference.IsExact && bandLow < 1)
        {
            svg.Append(C, $"<rect x=\"{X(bandLow):0.0}\" y=\"{plotTop}\" width=\"{X(1) - X(bandLow):0.0}\" height=\"{plotBottom - plotTop}\" fill=\"#c7e9c0\" opacity=\"0.7\"/>\n");
        }

        // Grid and ticks.
        foreach (var t in Ticks(lo, hi))
        {
            var x = X(t);
            svg.Append(C, $"<line x1=\"{x:0.0}\" y1=\"{plotTop}\" x2=\"{x:0.0}\" y2=\"{plotBottom}\" stroke=\"#e3e3e3\"/>\n");
            svg.Append(C, $"<line x1=\"{x:0.0}\" y1=\"{plotBottom}\" x2=\"{x:0.0}\" y2=\"{plotBottom + 5}\" stroke=\"#333\"/>\n");
            svg.Append(C, $"<text x=\"{x:0.0}\" y=\"{plotBottom + 18}\" font-size=\"11\" text-anchor=\"middle\">{TickText(t)}</text>\n");
        }

        svg.Append(C, $"<line x1=\"{PlotLeft}\" y1=\"{plotBottom}\" x2=\"{PlotRight}\" y2=\"{plotBottom}\" stroke=\"#333\"/>\n");
        var axisLabel = reference.IsExact ? "estimate / exact L  (log scale)" : "estimate / certified upper bound on L  (log scale)";
        svg.Append(C, $"<text x=\"{(PlotLeft + PlotRight) / 2}\" y=\"{plotBottom + 38}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333\">{axisLabel}</text>\n");

        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i];
            var y = Top + (i * RowHeight);
            var r = ratios[i];
            var color = Color(e);
            svg.Append(C, $"<text x=\"{LabelRight}\" y=\"{y + 5}\" font-size=\"13\" text-anchor=\"end\" font-weight=\"bold\">{Esc(e.Method)}</text>\n");
            svg.Append(C, $"<text x=\"{LabelRight}\" y=\"{y + 18}\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">{Esc(EstimateLabels.Label(e) + (e.Norm.ConvertedFrom is null ? string.Empty : ", from " + e.Norm.ConvertedFrom))}</text>\n");
            var x1 = Math.Min(X(1), X(r));
            var x2 = Math.Max(X(1), X(r));
            svg.Append(C, $"<rect x=\"{x1:0.0}\" y=\"{y - 4}\" width=\"{Math.Max(x2 - x1, 1):0.0}\" height=\"14\" fill=\"{color}\" opacity=\"0.85\"/>\n");
            svg.Append(C, $"<circle cx=\"{X(r):0.0}\" cy=\"{y + 3}\" r=\"4.5\" fill=\"{color}\" stroke=\"#222\" stroke-width=\"0.8\"/>\n");
            svg.Append(C, $"<text x=\"{PlotRight + 12}\" y=\"{y + 7}\" font-size=\"12\">{Esc(RatioText(reference, e.Value))}  <tspan fill=\"#666\">({EstimateLabels.Number(e.Value)})</tspan></text>\n");
        }

        // The reference line on top of the bars.
        svg.Append(C, $"<line x1=\"{X(1):0.0}\" y1=\"{plotTop - 4}\" x2=\"{X(1):0.0}\" y2=\"{plotBottom}\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"6,3\"/>\n");
        var refText = reference.IsExact
            ? $"exact L = {EstimateLabels.Number(reference.Upper)}"
            : $"L in [{EstimateLabels.Number(reference.Lower)}, {EstimateLabels.Number(reference.Upper)}]";
        svg.Append(C, $"<text x=\"{X(1) + 6:0.0}\" y=\"{plotTop - 2}\" font-size=\"12\" font-weight=\"bold\">{Esc(refText)}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string RatioText(Reference reference, double value) =>
        reference.Ratio(value) is { } r ? $"×{r.ToString(r < 10 ? "0.000" : "0.0", C)}" : "×" + EstimateLabels.Ratio(reference, value);

    private static void Legend(StringBuilder svg, int x, int y)
    {
        var items = new[] { ("certified upper bound", "#d95f02"), ("anchored upper bound", "#7570b3"), ("certified lower bound", "#1b9e77"), ("heuristic", "#808080") };
        foreach (var (name, color) in items)
        {
            svg.Append(C, $"<rect x=\"{x}\" y=\"{y - 10}\" width=\"14\" height=\"12\" fill=\"{color}\" opacity=\"0.85\"/>\n");
            svg.Append(C, $"<text x=\"{x + 19}\" y=\"{y}\" font-size=\"12\">{name}</text>\n");
            x += 40 + (name.Length * 7);
        }
    }

    private static string Color(Estimate e) => e.Kind switch
    {
        EstimateKind.Upper when e.Anchored => "#7570b3",
        EstimateKind.Upper => "#d95f02",
        EstimateKind.Lower => "#1b9e77",
        _ => "#808080",
    };

    private static IEnumerable<double> Ticks(double lo, double hi)
    {
        var decades = Math.Log10(hi / lo);
        var steps = decades > 4 ? new[] { 1.0 } : decades > 1.2 ? new[] { 1.0, 2, 5 } : new[] { 1.0, 1.5, 2, 3, 5, 7 };
        for (var k = (int)Math.Floor(Math.Log10(lo)); k <= (int)Math.Ceiling(Math.Log10(hi)); k++)
        {
            foreach (var s in steps)
            {
                var t = s * Math.Pow(10, k);
                if (t >= lo && t <= hi)
                {
                    yield return t;
                }
            }
        }
    }

    private static string TickText(double t) => t >= 1000 || t < 0.01 ? t.ToString("0e0", C) : t.ToString("0.##", C);

    private static string Esc(string s) => SecurityElement.Escape(s) ?? string.Empty;
}
