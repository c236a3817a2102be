using System.Globalization;
using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Engines.Arguments;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// split --by patterns: a short branch and bound over the whole box, whose open sub-domains
/// (box and fixed neuron signs) are dealt out to the parts, each written as a checkpoint that
/// its job starts from (the job field resume_from).
/// Implementation note: the open sub-domains of a search, with the parts it already closed,
/// cover the box; the parts' frontiers partition the open ones, and every part also carries the
/// closed parts' upper bound and the witness, so the largest of the parts' upper bounds bounds
/// the whole instance and the best part's lower bound is proven in it. Dealt hardest first and
/// round robin, so that each part gets some of the largest bounds.
/// </summary>
public static class PatternSplit
{
    /// <summary>Open sub-domains per part at which the short search stops early.</summary>
    public const int FrontierPerPart = 8;

    /// <summary>The parts' checkpoint files, written beside the job file, and what the short search left.</summary>
    public static (IReadOnlyList<string> Files, FrontierState Search) Write(
        string model, NeuralNetwork network, Box box, LipschitzQuantity quantity, CertifyArguments arguments, int parts, double searchSeconds, string jobsPath)
    {
        var options = arguments.ReadOptions();
        var settings = arguments.ReadSettings(CertificationMethod.Bab);
        var fingerprint = CheckpointFingerprint.Of(CheckpointFingerprint.FileSha256(model), box, quantity, options, settings.Search);
        var stem = Path.ChangeExtension(Path.GetFullPath(jobsPath), null);
        var searchFile = stem + ".search.checkpoint.json";
        File.Delete(searchFile);
        // Enough open sub-domains to deal each part several ends the short search before its time.
        var engine = EngineChoice.Create(CertificationMethod.Bab, settings with { Search = settings.Search with { StopWhenOpen = FrontierPerPart * parts } });
        var request = new CertificationRequest(network, box, quantity, options with { TimeLimit = TimeSpan.FromSeconds(searchSeconds) })
        {
            Checkpoint = SearchCheckpoint.Open(searchFile, fingerprint),
        };
        var certificate = engine.Certify(request);
        var search = CheckpointFile.Read(searchFile, fingerprint);
        File.Delete(searchFile);
        var c = CultureInfo.InvariantCulture;
        if (certificate.Status == CertificateStatus.Exact)
        {
            throw new ExactLipException($"The short search already certified the instance (value {certificate.Lower.ToString("R", c)} in {certificate.Seconds.ToString("0.0", c)} s): there is nothing left to split; run certify.");
        }

        if (search.Open.Count < parts)
        {
            throw new ExactLipException($"The short search left {search.Open.Count.ToString(c)} open sub-domains, fewer than --parts {parts.ToString(c)}: give a longer --search-seconds, or fewer parts.");
        }

        var shares = Enumerable.Range(0, parts).Select(_ => new List<OpenSubDomain>()).ToArray();
        var k = 0;
        foreach (var domain in search.Open.OrderByDescending(d => d.Upper))
        {
            shares[k++ % parts].Add(domain);
        }

        var files = new List<string>();
        for (var p = 0; p < parts; p++)
        {
            var file = $"{stem}.part-{(p + 1).ToString(c)}.checkpoint.json";
            CheckpointFile.Write(file, fingerprint, search with { Open = shares[p] });
            files.Add(file);
        }

        return (files, search);
    }
}
