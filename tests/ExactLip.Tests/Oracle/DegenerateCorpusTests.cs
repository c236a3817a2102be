using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Engines;
using ExactLip.Tests.Exact;
using Xunit;

namespace ExactLip.Tests.Oracle;

/// <summary>
/// Every exact engine on every network of the degenerate corpus, for every quantity it measures
/// and every back end (HiGHS and SCIP where their libraries load; listed, and skipped with the
/// reason, where not), held against the rational oracle by <see cref="CertificateAudit"/>.
/// Engines run as certify runs them (<see cref="EngineChoice"/>, certify's default
/// options), except one branch-and-bound worker, so that a failure repeats.
/// </summary>
public class DegenerateCorpusTests
{
    private static readonly string[] MipQuantities = { "scalar-linf", "scalar-l1", "linf-linf", "l1-l1", "linf-l1", "l1-linf" };

    private static readonly string[] AllQuantities = MipQuantities.Concat(new[] { "scalar-l2", "l2-l2", "l2-linf", "l1-l2", "l2-l1" }).ToArray();

    private static readonly string[] Backends = { "cbc", "glpk", "highs", "scip" };

    /// <summary>certify's defaults; the time limit only keeps a stuck run from stalling the suite (its bounds are still checked).</summary>
    private static readonly CertifyOptions Options = new(TimeLimit: TimeSpan.FromSeconds(30));

    private static readonly BranchAndBoundOptions Search = BranchAndBoundOptions.Default with { Workers = 1 };

    /// <summary>Network, engine ("mip", "bab" or "auto"), back end ("default" for auto: certify without --solver), quantity.</summary>
    public static TheoryData<string, string, string, string> Runs()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var corpus in DegenerateNetworks.All)
        {
            foreach (var backend in Backends)
            {
                foreach (var quantity in MipQuantities)
                {
                    data.Add(corpus.Name, "mip", backend, quantity);
                }

                foreach (var quantity in AllQuantities)
                {
                    data.Add(corpus.Name, "bab", backend, quantity);
                }
            }

            foreach (var quantity in AllQuantities)
            {
                data.Add(corpus.Name, "auto", "default", quantity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Engine_OnDegenerateNetwork_IsSoundAndExactOnlyWhenTrue(string network, string engine, string backend, string quantityName)
    {
        var corpus = DegenerateNetworks.Get(network);
        var quantity = ExactQuantity.Parse(quantityName, corpus.C).ToEngine();
        ICertificationEngine chosen;
        if (engine == "auto")
        {
            // Exactly what `exactlip certify` does without --method and --solver.
            chosen = EngineChoice.Choose(new EngineSettings { Search = Search }, corpus.Network, quantity);
        }
        else
        {
            chosen = engine == "mip" ? new MipEngine(TestSolvers.Get(backend)) : new BranchAndBoundEngine(TestSolvers.Get(backend), Search);
        }

        var run = $"{engine}{(engine == "auto" ? $" → {chosen.Method.Name()}" : string.Empty)} ({chosen.Backend.Name})";
        Certificate certificate;
        try
        {
            certificate = chosen.Certify(new CertificationRequest(corpus.Network, corpus.Box, quantity, Options));
        }
        catch (Exception e)
        {
            Assert.Fail($"{corpus.Name}, {run}, {quantityName}: the engine threw {e.GetType().Name}: {e.Message}");
            throw;
        }

        var problems = CertificateAudit.Problems(corpus, quantityName, certificate);
        Assert.True(problems.Count == 0, $"{CertificateAudit.Describe(corpus, run, quantityName, certificate)}\n  - {string.Join("\n  - ", problems)}");
    }
}
