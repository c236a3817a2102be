using System.CommandLine;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.Cli;

/// <summary>The quantity: the input norm, and either output weights c or an output norm.</summary>
public sealed class QuantityOptions
{
    private readonly Option<string> _norm = new("--norm") { Description = "Input norm: linf, l1 or l2 (l2 only where the method supports it).", DefaultValueFactory = _ => "linf" };
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
        return LipschitzQuantity.Operator(norm, output);
    }

    /// <summary>
    /// Refuses ℓ2 for the MIP path: the ℓ2 ball and the spectral norm are not polyhedral, so no
    /// MIP encodes them. Estimators (and engines that bound ℓ2 directly) accept them.
    /// </summary>
    public static void RequirePolyhedral(LipschitzQuantity quantity)
    {
        if (quantity.InputNorm == Norm.L2)
        {
            throw new ExactLipException("--norm l2 is not polyhedral and has no MIP encoding: use linf or l1.");
        }

        if (!quantity.IsScalar && quantity.OutputNorm == Norm.L2)
        {
            throw new ExactLipException("--output-norm l2 has no MIP encoding: use linf or l1.");
        }
    }
}
