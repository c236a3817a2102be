using System.CommandLine;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.Cli;

/// <summary>The quantity: the input norm, and either output weights c or an output norm.</summary>
public sealed class QuantityOptions
{
    private readonly Option<string> _norm = new("--norm") { Description = "Input norm: linf or l1.", DefaultValueFactory = _ => "linf" };
    private readonly Option<string?> _c = new("--c") { Description = "Output weights c of the scalar cᵀf (e.g. 1,-1,0 for a logit margin)." };
    private readonly Option<string?> _outputNorm = new("--output-norm") { Description = "Output norm of the operator norm ‖J‖ (defaults to the input norm)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_norm);
        command.Options.Add(_c);
        command.Options.Add(_outputNorm);
    }

    public LipschitzQuantity Read(ParseResult parse, int outputs)
    {
        var norm = Norms.Parse(parse.GetValue(_norm)!, "--norm");
        if (norm == Norm.L2)
        {
            throw new ExactLipException("--norm l2 is not polyhedral and has no MIP encoding: use linf or l1.");
        }

        var c = parse.GetValue(_c);
        var outputNorm = parse.GetValue(_outputNorm);
        if (c is not null && outputNorm is not null)
        {
            throw new ExactLipException("Give either --c (a scalar output cᵀf) or --output-norm (an operator norm), not both.");
        }

        if (c is not null)
        {
            var weights = VectorArgument.Parse(c, outputs, "--c");
            return LipschitzQuantity.Scalar(norm, weights);
        }

        var output = outputNorm is null ? norm : Norms.Parse(outputNorm, "--output-norm");
        if (output == Norm.L2)
        {
            throw new ExactLipException("--output-norm l2 has no MIP encoding: use linf or l1.");
        }

        return LipschitzQuantity.Operator(norm, output);
    }
}
