using ExactLip.Certify;
using ExactLip.Mip.Solving;

namespace ExactLip.Engines;

/// <summary>
/// An exact engine: certifies the local Lipschitz constant of one request and returns a
/// <see cref="Certificate"/> with proven bounds, exact when they meet.
/// Implementation note: an engine is built once with its back end (see <see cref="EngineChoice"/>)
/// and may certify many requests, from several threads at once; everything a run needs beyond the
/// back end comes in the request. An engine that composes others (a portfolio racing both) is one
/// more implementation whose capabilities are the union of its parts'.
/// </summary>
public interface ICertificationEngine
{
    /// <summary>Which engine this is; the certificate's <see cref="Certificate.Engine"/> says the same.</summary>
    CertificationMethod Method { get; }

    /// <summary>What the engine can measure and produce, for choosing an engine before a run.</summary>
    EngineCapabilities Capabilities { get; }

    /// <summary>The back end chosen for the run (its LPs may be routed to another, which the certificate's notes then name).</summary>
    IMipSolver Backend { get; }

    /// <summary>Certifies the request; honours its token and time limit by returning the bounds found so far.</summary>
    Certificate Certify(CertificationRequest request);
}
