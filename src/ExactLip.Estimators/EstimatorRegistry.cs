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
    /// <param name="name">What the user called the list (an option's name, say), for the sentence on a bad one.</param>
    public static EstimatorSelection Parse(string text, string name = "the estimator list")
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return new EstimatorSelection(All, Explicit: false);
        }

        var chosen = new List<ILipschitzEstimator>();
        foreach (var part in trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var estimator = All.FirstOrDefault(e => e.Name.Equals(part, StringComparison.OrdinalIgnoreCase))
                ?? throw new ExactLipException($"Unknown method '{part}' for {name}: use all or a comma-separated list of {string.Join(", ", Names)}.");
            if (!chosen.Contains(estimator))
            {
                chosen.Add(estimator);
            }
        }

        if (chosen.Count == 0)
        {
            throw new ExactLipException($"{Capitalised(name)} is empty: use all or a comma-separated list of {string.Join(", ", Names)}.");
        }

        return new EstimatorSelection(chosen, Explicit: true);
    }

    private static string Capitalised(string name) =>
        name.Length > 0 && char.IsLower(name[0]) ? char.ToUpperInvariant(name[0]) + name[1..] : name;
}
