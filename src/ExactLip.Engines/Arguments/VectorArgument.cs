using System.Globalization;
using System.Text.Json;
using ExactLip.Core;

namespace ExactLip.Engines.Arguments;

/// <summary>
/// Parses a vector option: a number (broadcast to every entry), a comma-separated list, or
/// <c>@file.json</c> holding a JSON array of numbers.
/// </summary>
public static class VectorArgument
{
    public static double[] Parse(string text, int length, string option)
    {
        var values = ParseRaw(text, option);
        if (values.Length == 1 && length != 1)
        {
            return Enumerable.Repeat(values[0], length).ToArray();
        }

        if (values.Length != length)
        {
            throw new ExactLipException($"{option} has {Preconditions.Entries(values.Length)}, but the model expects {length}.");
        }

        return values;
    }

    private static double[] ParseRaw(string text, string option)
    {
        text = text.Trim();
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            var json = UserFile.ReadAllText(path, $"The file '{path}' given to {option}");
            try
            {
                var values = JsonSerializer.Deserialize(json, VectorJsonContext.Default.DoubleArray);
                if (values is null || values.Length == 0)
                {
                    throw new ExactLipException($"The file '{path}' given to {option} must hold a non-empty JSON array of numbers.");
                }

                return Finite(values, option);
            }
            catch (JsonException)
            {
                throw new ExactLipException($"The file '{path}' given to {option} must hold a JSON array of numbers.");
            }
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                throw new ExactLipException($"{option} expects a number, a comma-separated list of numbers or @file.json, but got '{parts[i]}'.");
            }
        }

        return Finite(result, option);
    }

    private static double[] Finite(double[] values, string option)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ExactLipException($"{option} must hold finite numbers, but entry {i} is {values[i].ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return values;
    }
}
