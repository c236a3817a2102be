using System.Diagnostics;
using System.Globalization;
using ExactLip.Bounds;
using ExactLip.Core;

namespace ExactLip.Benchmarks;

/// <summary>
/// The CPU time of the bounds one branch-and-bound sub-domain computes (CROWN pre-activation
/// bounds, linear bounds on the signal for each output direction, the ℓ1 chord bound), on the
/// LipBaB suite's networks and boxes, repeated in one thread. Usage: `-- --bounds-cost
/// [--repetitions 300]`; run it on two commits, back to back, to compare them. Process CPU time
/// rather than wall time, so that other work on the machine weighs less.
/// </summary>
public static class BoundsCostBenchmark
{
    public static int Run(string[] args)
    {
        var repetitions = int.Parse(Program.Arg(args, "--repetitions") ?? "300", CultureInfo.InvariantCulture);
        var cases = LipBabSuite.Cases(Program.FindRoot())
            .GroupBy(c => (c.Model, c.Box.Lo(0)))
            .Select(g => (Network: g.First().Network.Simplify(), g.First().Box))
            .ToArray();
        double sink = 0;
        void Once()
        {
            foreach (var (network, box) in cases)
            {
                var acts = BoundPropagation.Forward(network, box, BoundsMethod.Crown);
                for (var j = 0; j < network.OutputSize; j++)
                {
                    var e = new double[network.OutputSize];
                    e[j] = 1;
                    var grads = SignalBounds.Compute(network.Layers, acts, Box.Point(e));
                    sink += SignalBounds.AbsoluteSumUpperBound(network.Layers, acts, grads);
                }
            }
        }

        for (var warm = 0; warm < 20; warm++)
        {
            Once();
        }

        var start = Process.GetCurrentProcess().TotalProcessorTime;
        for (var r = 0; r < repetitions; r++)
        {
            Once();
        }

        var perPass = (Process.GetCurrentProcess().TotalProcessorTime - start).TotalMilliseconds / repetitions;
        Console.WriteLine(FormattableString.Invariant($"{perPass:F3} ms CPU per pass over {cases.Length} boxes; load average {Program.LoadAverage()}; checksum {sink:E6}"));
        return 0;
    }
}
