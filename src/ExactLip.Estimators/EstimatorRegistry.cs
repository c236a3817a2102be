using ExactLip.Core;
using ExactLip.Estimators.Methods;

namespace ExactLip.Estimators;

/// <summary>Every estimator by the name users type after --methods, in the order tables show them.</summary>
public static class EstimatorRegistry
{
    public static IReadOnlyList<ILipschitzEstimator> All { get; } = new ILipschitzEstimator[]
    {
        new NaiveEstimator(local: false),
        new NaiveEstimator(local: true),
        new AutoLipEstimator(),
        new SeqLipEstimator(greedyOnly: false),
        new SeqLipEstimator(greedyOnly: true),
        new FastLipEstimator(),
        new LipLpEstimator(),
        new AvantMorgansenEstimator(),
        new CleverEstimator(),
        new RandomLowerBound(),
        new SearchLowerBound(),
    };

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    /// <summary>"all", or a comma-separated list of names (order kept, repeats dropped).</summary>
    public static EstimatorSelection Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new EstimatorSelection(All, Explicit: false);
        }

        var chosen = new List<ILipschitzEstimator>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var estimator = All.FirstOrDefault(e => e.Name.Equals(part, StringComparison.OrdinalIgnoreCase))
                ?? throw new ExactLipException($"Unknown method '{part}' for --methods: use all or a comma-separated list of {string.Join(", ", Names)}.");
            if (!chosen.Contains(estimator))
            {
                chosen.Add(estimator);
            }
        }

        if (chosen.Count == 0)
        {
            throw new ExactLipException($"--methods is empty: use all or a comma-separated list of {string.Join(", ", Names)}.");
        }

        return new EstimatorSelection(chosen, Explicit: true);
    }
}
