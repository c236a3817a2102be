using System.CommandLine;
using ExactLip.Core;
using ExactLip.Engines.Arguments;

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

    public Box Read(ParseResult parse, int inputs) => new CertifyArguments
    {
        Lo = parse.GetValue(_lo),
        Hi = parse.GetValue(_hi),
        Center = parse.GetValue(_center),
        Eps = parse.GetValue(_eps),
        Vnnlib = parse.GetValue(_vnnlib),
    }.ReadBox(inputs);
}
