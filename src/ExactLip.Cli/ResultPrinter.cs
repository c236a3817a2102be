using System.Globalization;
using ExactLip.Certify;

namespace ExactLip.Cli;

/// <summary>The human-readable summary of a certificate; an inexact result never reads as exact.</summary>
public static class ResultPrinter
{
    public static void Print(Certificate cert, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine($"quantity:   {cert.Quantity}");
        if (cert.Value is { } value)
        {
            writer.WriteLine($"value:      {value.ToString("R", c)}  (exact: the bounds differ by at most {cert.Tolerance.ToString("G3", c)} of the value)");
        }
        else
        {
            writer.WriteLine($"value:      not exact — certified bounds [{cert.Lower.ToString("R", c)}, {cert.Upper.ToString("R", c)}]");
        }

        writer.WriteLine($"lower:      {cert.Lower.ToString("R", c)}  (proven at the witness, inside one activation region; source: {cert.Witness.Source})");
        var source = cert.UpperSource == UpperBoundSource.Proven ? "proven by ExactLip" : "the MIP solver's dual bound";
        writer.WriteLine($"upper:      {cert.Upper.ToString("R", c)}  ({source}; bound propagation alone: {cert.BoundsUpper.ToString("G8", c)})");
        writer.WriteLine($"stop:       {cert.Stop.Name()}");
        writer.WriteLine($"method:     {MethodLine(cert)}");
        if (cert.EngineRuns.Count > 0)
        {
            writer.WriteLine($"closed by:  {(cert.ClosedByEngine is { } by ? $"{by.Name()} ({Describe(by)})" : "neither engine: the bounds did not meet")}");
            foreach (var run in cert.EngineRuns)
            {
                if (!run.Started)
                {
                    writer.WriteLine($"  {run.Engine.Name(),-4}      not started: the other engine settled the run first, {run.Solver}");
                    continue;
                }

                var ending = run.Status == CertificateStatus.Exact ? "exact" : $"[{run.Lower.ToString("G8", c)}, {run.Upper.ToString("G8", c)}]";
                writer.WriteLine($"  {run.Engine.Name(),-4}      {ending}, {run.Stop.Name()}{(run.Cancelled ? " (stopped: the other engine closed the gap)" : string.Empty)}, {run.Solver}, {run.Nodes} nodes, {run.Seconds.ToString("0.00", c)} s");
            }
        }

        writer.WriteLine($"witness x:  [{string.Join(", ", cert.Witness.X.Take(12).Select(v => v.ToString("G6", c)))}{(cert.Witness.X.Length > 12 ? ", …" : string.Empty)}]");
        if (cert.Witness.Pattern.Count > 0)
        {
            // One string per layer that decides the region: + active, − inactive (max pooling: winners).
            var pattern = string.Join(" | ", cert.Witness.Pattern);
            writer.WriteLine($"region:     {(pattern.Length <= 72 ? pattern : string.Concat(pattern.AsSpan(0, 72), "…"))}");
        }
        writer.WriteLine($"solver:     {cert.Solver} {cert.SolverVersion}, bounds {cert.BoundsMethod}, {cert.UnstableNeurons} unstable neurons, {cert.Binaries} binaries, {cert.Nodes} nodes, {cert.Seconds.ToString("0.00", c)} s");
        writer.WriteLine($"unstable:   {string.Join(", ", cert.UnstableByBounds.Select(kv => $"{kv.Value} with {kv.Key} bounds"))}");
        foreach (var note in cert.Notes)
        {
            writer.WriteLine($"note:       {note}");
        }
    }

    private static string MethodLine(Certificate cert) => cert.Engine switch
    {
        CertificationMethod.Bab => $"bab ({Describe(CertificationMethod.Bab)})",
        CertificationMethod.Mip => $"mip ({Describe(CertificationMethod.Mip)})",
        _ => "auto (branch and bound and LipMIP at the same time, sharing what each proves)",
    };

    private static string Describe(CertificationMethod engine) =>
        engine == CertificationMethod.Bab ? "branch and bound over activation patterns" : "LipMIP";
}
