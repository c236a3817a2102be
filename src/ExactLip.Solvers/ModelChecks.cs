using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers;

/// <summary>
/// Checks a model before any native call. Implementation note: GLPK abort()s the whole process
/// on a bad index or a duplicate matrix entry, and CBC silently misreads NaN, so everything a
/// back end passes on is checked here once, for all back ends. A failure is an encoder bug,
/// hence ArgumentException rather than a user-facing error.
/// </summary>
internal static class ModelChecks
{
    public static void Validate(MipModel model, SolveOptions options)
    {
        var n = model.Variables.Count;
        for (var j = 0; j < n; j++)
        {
            var v = model.Variables[j];
            if (double.IsNaN(v.Lower) || double.IsNaN(v.Upper) || v.Lower > v.Upper || v.Lower == double.PositiveInfinity || v.Upper == double.NegativeInfinity)
            {
                throw new ArgumentException($"Variable {v.Name} has invalid bounds [{v.Lower}, {v.Upper}].", nameof(model));
            }

            if (!double.IsFinite(v.Objective))
            {
                throw new ArgumentException($"Variable {v.Name} has a non-finite objective coefficient.", nameof(model));
            }
        }

        var seen = new int[n];
        for (var i = 0; i < model.Rows.Count; i++)
        {
            var row = model.Rows[i];
            if (row.Columns.Length != row.Coefficients.Length)
            {
                throw new ArgumentException($"Row {row.Name} has {row.Columns.Length} columns but {row.Coefficients.Length} coefficients.", nameof(model));
            }

            if (double.IsNaN(row.Lower) || double.IsNaN(row.Upper) || row.Lower > row.Upper || row.Lower == double.PositiveInfinity || row.Upper == double.NegativeInfinity)
            {
                throw new ArgumentException($"Row {row.Name} has invalid sides [{row.Lower}, {row.Upper}].", nameof(model));
            }

            for (var k = 0; k < row.Columns.Length; k++)
            {
                var col = row.Columns[k];
                if ((uint)col >= (uint)n)
                {
                    throw new ArgumentException($"Row {row.Name} refers to column {col}, but the model has {n}.", nameof(model));
                }

                if (seen[col] == i + 1)
                {
                    throw new ArgumentException($"Row {row.Name} names column {model.Variables[col].Name} twice.", nameof(model));
                }

                seen[col] = i + 1;
                if (!double.IsFinite(row.Coefficients[k]))
                {
                    throw new ArgumentException($"Row {row.Name} has a non-finite coefficient.", nameof(model));
                }
            }
        }

        if (!double.IsFinite(model.ObjectiveOffset))
        {
            throw new ArgumentException("The objective offset is not finite.", nameof(model));
        }

        if (model.Start is { } start && start.Length != n)
        {
            throw new ArgumentException($"The start has {start.Length} values but the model has {n} variables.", nameof(model));
        }

        if (options.TimeLimit is { } limit && limit < TimeSpan.Zero)
        {
            throw new ArgumentException("The time limit is negative.", nameof(options));
        }

        if (double.IsNaN(options.RelativeGap) || options.RelativeGap < 0)
        {
            throw new ArgumentException("The relative gap must be zero or positive.", nameof(options));
        }
    }

    /// <summary>A start worth passing on: present and finite everywhere.</summary>
    public static bool HasUsableStart(MipModel model) =>
        model.Start is { } start && start.All(double.IsFinite);
}
