using System.Globalization;
using System.Text;

namespace ExactLip.Mip;

/// <summary>
/// Writes a <see cref="MipModel"/> as free MPS, so that a model can be handed to any solver's
/// command-line program, read by a person, or diffed between runs.
/// Implementation note: every column gets explicit bounds, because readers disagree about the
/// default bounds of integer columns (GLPK and CPLEX take [0, 1] for a bare INTORG column,
/// others [0, ∞)). The objective constant goes in the RHS section on the objective row with
/// its sign flipped, the common convention "objective = cᵀx − rhs" (CoinMpsIO, CPLEX, HiGHS).
/// Measured on this machine: CBC 2.10's reader honours that constant but ignores OBJSENSE
/// ("cbc file.mps -max -solve" maximises), and GLPK 5.0's reader rejects the OBJSENSE section
/// and reads the objective-row RHS with the opposite sign (+rhs).
/// A row that is free on both sides is written as an N row, which readers drop.
/// </summary>
public static class MpsWriter
{
    /// <summary>Writes the model to a file, replacing it.</summary>
    public static void Write(MipModel model, string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(model, writer);
    }

    /// <summary>Writes the model to a text writer; names containing blanks get underscores.</summary>
    public static void Write(MipModel model, TextWriter writer)
    {
        var objective = UniqueObjectiveName(model);
        writer.Write("NAME ");
        writer.Write(Clean(model.Name.Length > 0 ? model.Name : "exactlip"));

        // CoinMpsIO guesses fixed or free format line by line and misreads short names as
        // fixed-format fields; "FREE" on the NAME card settles it (GLPK ignores the word).
        writer.WriteLine(" FREE");
        writer.WriteLine("OBJSENSE");
        writer.WriteLine("    MAX");
        WriteRows(model, objective, writer);
        WriteColumns(model, objective, writer);
        WriteRhs(model, objective, writer);
        WriteRanges(model, writer);
        WriteBounds(model, writer);
        writer.WriteLine("ENDATA");
    }

    private static void WriteRows(MipModel model, string objective, TextWriter writer)
    {
        writer.WriteLine("ROWS");
        writer.WriteLine($" N  {objective}");
        foreach (var row in model.Rows)
        {
            var type = RowType(row);
            writer.WriteLine($" {type}  {Clean(row.Name)}");
        }
    }

    private static void WriteColumns(MipModel model, string objective, TextWriter writer)
    {
        // Transpose the row-wise model once, so each column's entries are written together.
        var entries = new List<(int Row, double Value)>[model.Variables.Count];
        for (var i = 0; i < model.Rows.Count; i++)
        {
            var row = model.Rows[i];
            for (var k = 0; k < row.Columns.Length; k++)
            {
                (entries[row.Columns[k]] ??= new()).Add((i, row.Coefficients[k]));
            }
        }

        writer.WriteLine("COLUMNS");
        var inInteger = false;
        var marker = 0;
        for (var j = 0; j < model.Variables.Count; j++)
        {
            var v = model.Variables[j];
            if (v.IsInteger != inInteger)
            {
                var kind = v.IsInteger ? "INTORG" : "INTEND";
                writer.WriteLine($"    M{marker++} 'MARKER' '{kind}'");
                inInteger = v.IsInteger;
            }

            var name = Clean(v.Name);
            var wrote = false;
            if (v.Objective != 0)
            {
                writer.WriteLine($"    {name} {objective} {Number(v.Objective)}");
                wrote = true;
            }

            foreach (var (row, value) in entries[j] ?? Enumerable.Empty<(int, double)>())
            {
                if (RowType(model.Rows[row]) != 'N')
                {
                    writer.WriteLine($"    {name} {Clean(model.Rows[row].Name)} {Number(value)}");
                    wrote = true;
                }
            }

            if (!wrote)
            {
                // A column that appears nowhere must still be declared, or readers lose it.
                writer.WriteLine($"    {name} {objective} 0");
            }
        }

        if (inInteger)
        {
            writer.WriteLine($"    M{marker} 'MARKER' 'INTEND'");
        }
    }

    private static void WriteRhs(MipModel model, string objective, TextWriter writer)
    {
        writer.WriteLine("RHS");
        if (model.ObjectiveOffset != 0)
        {
            writer.WriteLine($"    RHS {objective} {Number(-model.ObjectiveOffset)}");
        }

        foreach (var row in model.Rows)
        {
            var rhs = RowType(row) switch
            {
                'L' => row.Upper,
                'G' or 'E' => row.Lower,
                _ => 0,
            };
            if (rhs != 0)
            {
                writer.WriteLine($"    RHS {Clean(row.Name)} {Number(rhs)}");
            }
        }
    }

    private static void WriteRanges(MipModel model, TextWriter writer)
    {
        var ranged = model.Rows.Where(IsRanged).ToList();
        if (ranged.Count == 0)
        {
            return;
        }

        // A ranged row is written as G with rhs = lower; the range R then gives [lower, lower + |R|].
        writer.WriteLine("RANGES");
        foreach (var row in ranged)
        {
            writer.WriteLine($"    RNG {Clean(row.Name)} {Number(row.Upper - row.Lower)}");
        }
    }

    private static void WriteBounds(MipModel model, TextWriter writer)
    {
        writer.WriteLine("BOUNDS");
        foreach (var v in model.Variables)
        {
            var name = Clean(v.Name);
            var lowerFinite = double.IsFinite(v.Lower);
            var upperFinite = double.IsFinite(v.Upper);
            if (v.IsInteger && v.Lower == 0 && v.Upper == 1)
            {
                writer.WriteLine($" BV BND {name}");
            }
            else if (lowerFinite && upperFinite && v.Lower == v.Upper)
            {
                writer.WriteLine($" FX BND {name} {Number(v.Lower)}");
            }
            else if (!lowerFinite && !upperFinite)
            {
                writer.WriteLine($" FR BND {name}");
            }
            else
            {
                // Lower first: some readers reset the lower bound when UP comes with a negative value.
                writer.WriteLine(lowerFinite ? $" LO BND {name} {Number(v.Lower)}" : $" MI BND {name}");
                writer.WriteLine(upperFinite ? $" UP BND {name} {Number(v.Upper)}" : $" PL BND {name}");
            }
        }
    }

    private static char RowType(MipRow row)
    {
        var lowerFinite = double.IsFinite(row.Lower);
        var upperFinite = double.IsFinite(row.Upper);
        if (lowerFinite && upperFinite)
        {
            return row.Lower == row.Upper ? 'E' : 'G';
        }

        return lowerFinite ? 'G' : upperFinite ? 'L' : 'N';
    }

    private static bool IsRanged(MipRow row) =>
        double.IsFinite(row.Lower) && double.IsFinite(row.Upper) && row.Lower != row.Upper;

    private static string UniqueObjectiveName(MipModel model)
    {
        var used = new HashSet<string>(model.Rows.Select(r => Clean(r.Name)), StringComparer.Ordinal);
        var name = "OBJ";
        for (var k = 1; used.Contains(name); k++)
        {
            name = $"OBJ{k}";
        }

        return name;
    }

    private static string Clean(string name)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsWhiteSpace(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
