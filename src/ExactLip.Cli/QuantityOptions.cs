using System.CommandLine;
using ExactLip.Engines.Arguments;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>The quantity: the input norm, and either output weights c or an output norm.</summary>
public sealed class QuantityOptions
{
    private readonly Option<string> _norm = new("--norm") { Description = "Input norm: linf, l1 or l2 (l2 only where the method supports it).", DefaultValueFactory = _ => CertifyArguments.Defaults.Norm };
    private readonly Option<string?> _c = new("--c") { Description = "Output weights c of the scalar cᵀf (e.g. 1,-1,0 for a logit margin)." };
    private readonly Option<string?> _outputNorm = new("--output-norm") { Description = "Output norm of the operator norm ‖J‖ (defaults to the input norm)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_norm);
        command.Options.Add(_c);
        command.Options.Add(_outputNorm);
    }

    public LipschitzQuantity Read(ParseResult parse, int outputs) => new CertifyArguments
    {
        Norm = parse.GetValue(_norm)!,
        C = parse.GetValue(_c),
        OutputNorm = parse.GetValue(_outputNorm),
    }.ReadQuantity(outputs);
}
