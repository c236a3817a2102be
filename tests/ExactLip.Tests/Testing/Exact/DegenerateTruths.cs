using System.Collections.Concurrent;

namespace ExactLip.Tests.Exact;

/// <summary>The oracle's regions of each corpus network, enumerated once per test run, and the true value of any quantity over them.</summary>
public static class DegenerateTruths
{
    private static readonly ConcurrentDictionary<string, Lazy<List<ExactRegion>>> Regions = new();

    public static List<ExactRegion> RegionsOf(DegenerateCase corpus) =>
        Regions.GetOrAdd(corpus.Name, _ => new Lazy<List<ExactRegion>>(() => ExactRegions.Enumerate(ExactNetwork.From(corpus.Network), ExactBox.From(corpus.Box)))).Value;

    public static ExactValue Of(DegenerateCase corpus, string quantity) => ExactQuantity.Parse(quantity, corpus.C).Over(RegionsOf(corpus));
}
