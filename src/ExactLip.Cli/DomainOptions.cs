using System.CommandLine;
using ExactLip.Core;
using ExactLip.Import.VnnLib;

namespace ExactLip.Cli;

/// <summary>The input box: --lo/--hi, --center/--eps, or --vnnlib (exactly one of the three).</summary>
public sealed class DomainOptions
{
    private readonly Option<string?> _lo = new("--lo") { Description = "Lower corner of the box: a number, a comma-separated list or @file.json." };
    private readonly Option<string?> _hi = new("--hi") { Description = "Upper corner of the box." };
    private readonly Option<string?> _center = new("--center") { Description = "Centre of an ℓ∞ ball." };
    private readonly Option<double?> _eps = new("--eps") { Description = "Radius of the ℓ∞ ball around --center." };
    private readonly Option<string?> _vnnlib = new("--vnnlib") { Description = "Take the box from the X_i bounds of a VNN-COMP property file." };

    public void AddTo(Command command)
    {
        command.Options.Add(_lo);
        command.Options.Add(_hi);
        command.Options.Add(_center);
        command.Options.Add(_eps);
        command.Options.Add(_vnnlib);
    }

    public Box Read(ParseResult parse, int inputs)
    {
        var lo = parse.GetValue(_lo);
        var hi = parse.GetValue(_hi);
        var center = parse.GetValue(_center);
        var eps = parse.GetValue(_eps);
        var vnnlib = parse.GetValue(_vnnlib);
        var given = (lo is not null || hi is not null ? 1 : 0) + (center is not null || eps is not null ? 1 : 0) + (vnnlib is not null ? 1 : 0);
        if (given != 1)
        {
            throw new ExactLipException("Give the input box in exactly one way: --lo and --hi, --center and --eps, or --vnnlib.");
        }

        if (vnnlib is not null)
        {
            var box = VnnLibReader.Read(vnnlib);
            Preconditions.Length(box.Dimension, inputs, $"The box in {vnnlib}");
            return box;
        }

        if (center is not null || eps is not null)
        {
            if (center is null || eps is null)
            {
                throw new ExactLipException("--center and --eps go together: give both.");
            }

            return Box.Ball(VectorArgument.Parse(center, inputs, "--center"), eps.Value);
        }

        if (lo is null || hi is null)
        {
            throw new ExactLipException("--lo and --hi go together: give both.");
        }

        return Box.FromUser(VectorArgument.Parse(lo, inputs, "--lo"), VectorArgument.Parse(hi, inputs, "--hi"));
    }
}
