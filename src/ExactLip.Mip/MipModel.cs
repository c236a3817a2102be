namespace ExactLip.Mip;

/// <summary>One column of a <see cref="MipModel"/>.</summary>
public sealed record MipVariable(string Name, double Lower, double Upper, bool IsInteger, double Objective);

/// <summary>One row Lower ≤ Σ coefficient·variable ≤ Upper (either side may be infinite).</summary>
public sealed record MipRow(string Name, int[] Columns, double[] Coefficients, double Lower, double Upper);

/// <summary>
/// A solver-neutral mixed-integer linear program: bounded columns, sparse two-sided rows, a
/// linear objective that is always maximised, and an optional starting solution.
/// Implementation note: the model knows nothing of networks, and back ends know nothing
/// else; names are deterministic so that an exported MPS file can be read by a person and
/// diffed between runs.
/// </summary>
public sealed class MipModel
{
    public MipModel(string name, IReadOnlyList<MipVariable> variables, IReadOnlyList<MipRow> rows, double objectiveOffset, double[]? start)
    {
        Name = name;
        Variables = variables;
        Rows = rows;
        ObjectiveOffset = objectiveOffset;
        Start = start;
    }

    public string Name { get; }

    public IReadOnlyList<MipVariable> Variables { get; }

    public IReadOnlyList<MipRow> Rows { get; }

    /// <summary>A constant added to the objective; back ends add it to every bound they report.</summary>
    public double ObjectiveOffset { get; }

    /// <summary>A full assignment to try first (feasible when the encoder built it), or null.</summary>
    public double[]? Start { get; }

    public int IntegerCount => Variables.Count(v => v.IsInteger);

    public bool IsMip => Variables.Any(v => v.IsInteger);

    public MipModel WithStart(double[]? start) => new(Name, Variables, Rows, ObjectiveOffset, start);

    /// <summary>The LP relaxation: every integrality dropped.</summary>
    public MipModel Relaxed() => new(Name, Variables.Select(v => v with { IsInteger = false }).ToArray(), Rows, ObjectiveOffset, null);

    /// <summary>The same constraints with the objective replaced by <paramref name="coefficient"/>·x_column.</summary>
    public MipModel WithSingleObjective(int column, double coefficient) =>
        new(Name, Variables.Select((v, j) => v with { Objective = j == column ? coefficient : 0 }).ToArray(), Rows, 0, null);

    /// <summary>The same model with one more row.</summary>
    public MipModel WithRow(MipRow row) => new(Name, Variables, Rows.Append(row).ToArray(), ObjectiveOffset, Start);

    /// <summary>The objective value of an assignment, offset included.</summary>
    public double Evaluate(ReadOnlySpan<double> values)
    {
        var total = ObjectiveOffset;
        for (var j = 0; j < Variables.Count; j++)
        {
            total += Variables[j].Objective * values[j];
        }

        return total;
    }

    /// <summary>
    /// The largest violation of a bound, a row or integrality by an assignment; 0 when feasible.
    /// Used to check starting solutions before handing them to a solver.
    /// </summary>
    public double MaxViolation(ReadOnlySpan<double> values)
    {
        double worst = 0;
        for (var j = 0; j < Variables.Count; j++)
        {
            var v = Variables[j];
            worst = Math.Max(worst, Math.Max(v.Lower - values[j], values[j] - v.Upper));
            if (v.IsInteger)
            {
                worst = Math.Max(worst, Math.Abs(values[j] - Math.Round(values[j])));
            }
        }

        foreach (var row in Rows)
        {
            double activity = 0;
            for (var k = 0; k < row.Columns.Length; k++)
            {
                activity += row.Coefficients[k] * values[row.Columns[k]];
            }

            worst = Math.Max(worst, Math.Max(row.Lower - activity, activity - row.Upper));
        }

        return worst;
    }
}
