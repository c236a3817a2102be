using ExactLip.Import.Onnx;

namespace ExactLip.ModelCheck;

/// <summary>One ONNX operator of a graph: how many nodes use it and what they became in ExactLip's network.</summary>
/// <param name="OpType">The ONNX operator.</param>
/// <param name="Count">How many nodes of the graph use it.</param>
/// <param name="Became">What those nodes became (<see cref="NodeConversion.Became"/>), each distinct outcome once, in order of first appearance.</param>
public sealed record OperatorSummary(string OpType, int Count, IReadOnlyList<string> Became)
{
    /// <summary>The operators of an import in the order they first appear in the graph.</summary>
    public static IReadOnlyList<OperatorSummary> Of(IEnumerable<NodeConversion> conversions) =>
        conversions
            .GroupBy(c => c.OpType, StringComparer.Ordinal)
            .Select(g => new OperatorSummary(g.Key, g.Count(), g.Select(c => c.Became).Distinct(StringComparer.Ordinal).ToArray()))
            .ToArray();

    public override string ToString() => $"{OpType}{(Count > 1 ? $" ×{Count}" : string.Empty)} → {string.Join(" | ", Became)}";
}
