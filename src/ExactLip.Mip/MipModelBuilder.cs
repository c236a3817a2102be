namespace ExactLip.Mip;

/// <summary>
/// Builds a <see cref="MipModel"/> column by column and row by row. Not thread-safe.
/// Terms on the same variable within one row are merged, and zero coefficients dropped, so
/// encoders can write rows the way the maths reads.
/// Implementation note: a term whose coefficient is below <see cref="NegligibleRatio"/> times the
/// row's largest is moved into the row's sides: the row keeps the term's whole range
/// [min a·x, max a·x] over the variable's bounds as slack, so every point of the exact row still
/// satisfies the new one (a relaxation, sound for upper bounds) and the loss is of the order of
/// the dropped coefficient. Networks trained with weight decay carry weights of 1e-24 to 1e-42
/// (float32 denormals) beside weights of order one; GLPK's LP presolver, given such a row, was
/// measured to stop at a vertex 2.5% below the LP optimum and call it optimal.
/// </summary>
public sealed class MipModelBuilder
{
    private readonly List<MipVariable> _variables = new();
    private readonly List<MipRow> _rows = new();
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private double _objectiveOffset;

    /// <summary>Coefficients below this fraction of the row's largest are moved into the row's sides.</summary>
    public const double NegligibleRatio = 1e-12;

    public MipModelBuilder(string name = "exactlip")
    {
        Name = name;
    }

    public string Name { get; }

    public int VariableCount => _variables.Count;

    public int RowCount => _rows.Count;

    public Var AddVariable(string name, double lower, double upper, bool isInteger = false)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper) || lower > upper)
        {
            throw new ArgumentException($"Variable {name} has invalid bounds [{lower}, {upper}].");
        }

        if (!_names.TryAdd(name, _variables.Count))
        {
            throw new ArgumentException($"Variable name {name} is used twice.");
        }

        _variables.Add(new MipVariable(name, lower, upper, isInteger, 0));
        return new Var(_variables.Count - 1);
    }

    public Var AddBinary(string name) => AddVariable(name, 0, 1, isInteger: true);

    /// <summary>A continuous variable fixed to a value (a constant the solver's presolve removes).</summary>
    public Var AddConstant(string name, double value) => AddVariable(name, value, value);

    public MipVariable Variable(Var v) => _variables[v.Index];

    public void SetObjective(Var v, double coefficient)
    {
        _variables[v.Index] = _variables[v.Index] with { Objective = coefficient };
    }

    public void AddObjectiveOffset(double offset) => _objectiveOffset += offset;

    public void AddRow(string name, IEnumerable<Term> terms, double lower, double upper)
    {
        if (double.IsNaN(lower) || double.IsNaN(upper))
        {
            throw new ArgumentException($"Row {name} has a NaN side.");
        }

        // Terms by column, repeated columns summed (rows are built in hot loops: an array sort, not a sorted map).
        var buffer = terms as Term[] ?? terms.ToArray();
        var indices = new int[buffer.Length];
        var values = new double[buffer.Length];
        for (var t = 0; t < buffer.Length; t++)
        {
            if (!double.IsFinite(buffer[t].Coefficient))
            {
                throw new ArgumentException($"Row {name} has a non-finite coefficient on {_variables[buffer[t].Var.Index].Name}.");
            }

            indices[t] = buffer[t].Var.Index;
            values[t] = buffer[t].Coefficient;
        }

        // Rows built column by column arrive sorted (an LP over 784 inputs has rows of 785 terms):
        // the check is a tenth of the sort's cost, and without repeats there is nothing to sum.
        if (!StrictlyAscending(indices))
        {
            Array.Sort(indices, values);
        }

        var count = 0;
        for (var t = 0; t < indices.Length; t++)
        {
            if (count > 0 && indices[count - 1] == indices[t])
            {
                values[count - 1] += values[t];
            }
            else
            {
                indices[count] = indices[t];
                values[count] = values[t];
                count++;
            }
        }

        double largest = 0;
        for (var t = 0; t < count; t++)
        {
            largest = Math.Max(largest, Math.Abs(values[t]));
        }

        var cols = new List<int>(count);
        var coefs = new List<double>(count);
        for (var t = 0; t < count; t++)
        {
            var (col, coef) = (indices[t], values[t]);
            if (coef == 0)
            {
                continue;
            }

            var v = _variables[col];
            if (Math.Abs(coef) < NegligibleRatio * largest && double.IsFinite(v.Lower) && double.IsFinite(v.Upper))
            {
                // lower ≤ rest + a·x ≤ upper holds for every x in [l, u] only if
                // lower − max(a·x) ≤ rest ≤ upper − min(a·x); rounded outwards.
                var termLow = Math.Min(coef * v.Lower, coef * v.Upper);
                var termHigh = Math.Max(coef * v.Lower, coef * v.Upper);
                lower = double.IsNegativeInfinity(lower) ? lower : Math.BitDecrement(lower - termHigh);
                upper = double.IsPositiveInfinity(upper) ? upper : Math.BitIncrement(upper - termLow);
                continue;
            }

            cols.Add(col);
            coefs.Add(coef);
        }

        _rows.Add(new MipRow(name, cols.ToArray(), coefs.ToArray(), lower, upper));
    }

    private static bool StrictlyAscending(int[] indices)
    {
        for (var t = 1; t < indices.Length; t++)
        {
            if (indices[t] <= indices[t - 1])
            {
                return false;
            }
        }

        return true;
    }

    public void AddEquality(string name, IEnumerable<Term> terms, double rhs) => AddRow(name, terms, rhs, rhs);

    public void AddLessOrEqual(string name, IEnumerable<Term> terms, double rhs) => AddRow(name, terms, double.NegativeInfinity, rhs);

    public void AddGreaterOrEqual(string name, IEnumerable<Term> terms, double rhs) => AddRow(name, terms, rhs, double.PositiveInfinity);

    public MipModel Build(double[]? start = null) => new(Name, _variables.ToArray(), _rows.ToArray(), _objectiveOffset, start);
}
