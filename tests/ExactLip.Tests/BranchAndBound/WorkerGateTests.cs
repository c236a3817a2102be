using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// Branch and bound under a <see cref="WorkerGate"/> that a race opens and closes while it runs:
/// it decides only who takes the next sub-domain, so the result is the region-enumeration oracle's
/// whatever the gate does, and a worker held back for the whole run does not keep it from ending.
/// </summary>
public sealed class WorkerGateTests
{
    private const int Networks = 12;

    [Theory]
    [InlineData("held")]
    [InlineData("toggled")]
    public void Certify_UnderAGate_EqualsRegionEnumeration(string gating)
    {
        var solver = TestSolvers.Get("glpk");
        var rng = new Random(4100 + (gating == "held" ? 0 : 1));
        for (var trial = 0; trial < Networks; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2 + (trial % 2), new[] { 6, 5 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, net.InputSize, 0.4 + rng.NextDouble());
            var c = new[] { 1.0, -0.5 };
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), c, Norm.Linf);
            var gate = new WorkerGate(1);
            using var stop = new CancellationTokenSource();
            var toggler = new Thread(() =>
            {
                // Opens and closes the gate every millisecond until the run is over.
                while (gating == "toggled" && !stop.IsCancellationRequested)
                {
                    gate.Admit(gate.Admitted == 1 ? 3 : 1);
                    Thread.Sleep(1);
                }
            });
            toggler.Start();
            var options = new CertifyOptions(Samples: 4, LocalSteps: 4, Seed: trial, TimeLimit: TimeSpan.FromSeconds(60)) { Gate = gate };
            var cert = new BranchAndBoundCertifier(solver, options, new BranchAndBoundOptions(Workers: 3, InputSplitDimension: trial % 2 == 0 ? 0 : 2))
                .Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, c), null, CancellationToken.None);
            stop.Cancel();
            toggler.Join();

            var because = $"{gating} gate, trial {trial}";
            cert.Stop.Should().Be(StopReason.Optimal, because);
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, because);
        }
    }
}
