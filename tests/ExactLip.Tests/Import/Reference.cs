namespace ExactLip.Tests.Import;

/// <summary>One fixtures/references/*.json file: a model, input points and what an independent evaluator computed there.</summary>
public sealed class Reference
{
    public string Model { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public string? Property { get; set; }

    public string? Evaluator { get; set; }

    public int[] InputShape { get; set; } = Array.Empty<int>();

    public double[][] Inputs { get; set; } = Array.Empty<double[]>();

    public double[][]? Outputs { get; set; }

    public double[][][]? Jacobians { get; set; }
}
