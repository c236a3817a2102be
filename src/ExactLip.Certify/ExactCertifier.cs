using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>
/// An exact engine's run, the part both engines share: a call opens a <see cref="RunContext"/>
/// (box checked against the network, clock started, ledger opened) and the engine certifies it.
/// The MIP path (<see cref="Certifier"/>) and branch and bound derive from it.
/// </summary>
public abstract class ExactCertifier
{
    protected ExactCertifier(CertifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    /// <summary>The run's settings.</summary>
    public CertifyOptions Options { get; }

    /// <summary>Certifies the quantity over the box; the token and the time limit end the run with the bounds found so far.</summary>
    public Certificate Run(NeuralNetwork network, Box box, LipschitzQuantity quantity, IProgress<CertifyProgress>? progress, CancellationToken cancellationToken) =>
        Run(new RunContext(network, box, quantity, Options, progress, cancellationToken));

    /// <summary>Certifies one opened run.</summary>
    public abstract Certificate Run(RunContext run);
}
