using ExactLip.BranchAndBound;
using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A run stopped with open sub-domains and resumed from its checkpoint bounds each of them again
/// along its saved path of splits: with the run's options, split multipliers included, so with the
/// same forward and signal bounds, bit for bit, as the run that made them (where bounds from
/// scratch are looser; the last ReLU layer's input, bounded only to decide signs and with points
/// of the sub-domain that differ, deciding the same neurons), and it ends with the value
/// region enumeration gives.
/// </summary>
public class CheckpointReboundTests
{
    [Fact]
    public void Resume_BoundsOpenSubDomainsAsTheRunThatMadeThem_AndEndsAtRegionEnumeration()
    {
        var solver = TestSolvers.Get("glpk");
        var rng = new Random(41);
        var c = new[] { 1.0, -0.5 };
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, c);
        var compared = 0;
        var tighterThanFromScratch = 0;
        var resumed = 0;
        using var tmp = new TempFolder();
        for (var trial = 0; trial < 6; trial++)
        {
            var inputs = 2 + (trial % 2);
            var network = RandomNetworks.Mlp(rng, inputs, trial % 2 == 0 ? new[] { 6, 5, 4 } : new[] { 7, 6 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.4 + rng.NextDouble());
            var options = new CertifyOptions(Samples: 0, LocalSteps: 0, Seed: trial);
            var file = tmp.File($"trial-{trial}.checkpoint.json");
            var first = new BranchAndBoundOptions(Workers: 1);
            var fingerprint = CheckpointFingerprint.Of("model", box, quantity, options, first);
            var bounded = new Dictionary<string, DomainBounds>();
            var stopped = new BranchAndBoundCertifier(solver, options, first with
            {
                Checkpoint = SearchCheckpoint.Open(file, fingerprint, TimeSpan.FromHours(1)),
                StopWhenOpen = 4,
                Bounded = (path, bounds) => bounded[Key(path)] = bounds,
            }).Run(network, box, quantity, null, CancellationToken.None);
            var saved = CheckpointFile.Read(file, fingerprint);
            if (stopped.Status == CertificateStatus.Exact || saved.Open.Count == 0)
            {
                continue;
            }

            resumed++;
            var open = saved.Open.ToDictionary(d => Key(d.Path));
            var rebounded = new Dictionary<string, DomainBounds>();
            var cert = new BranchAndBoundCertifier(solver, options, first with
            {
                Checkpoint = SearchCheckpoint.Open(file, fingerprint, TimeSpan.FromHours(1)),
                Bounded = (path, bounds) =>
                {
                    if (open.ContainsKey(Key(path)))
                    {
                        rebounded.TryAdd(Key(path), bounds);
                    }
                },
            }).Run(network, box, quantity, null, CancellationToken.None);

            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(network, box), c, Norm.Linf);
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, $"trial {trial}, resumed");
            cert.Status.Should().Be(CertificateStatus.Exact, $"trial {trial}");
            var net = new PiecewiseLinearNetwork(network);
            var jacobian = new JacobianQuantity(quantity, network.OutputSize);
            foreach (var (key, again) in rebounded)
            {
                var before = bounded[key];
                var because = $"trial {trial}, sub-domain {key}";
                // Up to the last ReLU layer's input, bit for bit. There both looked for
                // multipliers only to decide signs, the run with the points it knew of the
                // sub-domain and the replay with others (its LPs' vertices): their bounds may
                // differ but decide the same neurons, so the signal bounds are the same bits.
                var last = LastReluInput(network);
                Bits(again.Activations.Take(last)).Should().Equal(Bits(before.Activations.Take(last)), because);
                for (var i = 0; i < before.Activations[last].Dimension; i++)
                {
                    (again.Activations[last].Lo(i) >= 0).Should().Be(before.Activations[last].Lo(i) >= 0, because);
                    (again.Activations[last].Hi(i) <= 0).Should().Be(before.Activations[last].Hi(i) <= 0, because);
                }

                Bits(again.Gradients[0]).Should().Equal(Bits(before.Gradients[0]), because);
                again.Free.Should().Equal(before.Free, because);
                compared++;

                var d = open[key];
                var scratch = DomainBounds.Compute(net, d.Box, d.Signs, linear: true, jacobian, first.Branching);
                tighterThanFromScratch += scratch is null || !Bits(scratch.Activations).SequenceEqual(Bits(again.Activations)) ? 1 : 0;
            }
        }

        resumed.Should().BeGreaterThan(2, "most trials stop with open sub-domains");
        compared.Should().BeGreaterThan(5, "the resumed runs bound their open sub-domains again");
        tighterThanFromScratch.Should().BeGreaterThan(0, "bounds from scratch differ from the run's, which the path reproduces");
    }

    private static string Key(int[] path) => string.Join(",", path);

    /// <summary>The index in the forward bounds of the last ReLU layer's input.</summary>
    private static int LastReluInput(NeuralNetwork network)
    {
        var last = 0;
        for (var k = 0; k < network.Layers.Count; k++)
        {
            last = network.Layers[k] is ReluLayer ? k : last;
        }

        return last;
    }

    private static long[] Bits(IEnumerable<Box> boxes) =>
        boxes.SelectMany(b => b.Lower.ToArray().Concat(b.Upper.ToArray())).Select(BitConverter.DoubleToInt64Bits).ToArray();
}
