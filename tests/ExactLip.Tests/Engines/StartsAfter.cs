using ExactLip.Certify;
using ExactLip.Engines;
using ExactLip.Mip.Solving;

namespace ExactLip.Tests.Engines;

/// <summary>
/// An engine that starts once a signal is set (or after 10 s, so that nothing can hang): in a
/// race on a small case, branch and bound may settle the run before the other engine's thread
/// has started, and a test of what the other engine sees then has nothing to look at.
/// </summary>
internal sealed class StartsAfter : ICertificationEngine
{
    private readonly ICertificationEngine _inner;
    private readonly ManualResetEventSlim _signal;

    public StartsAfter(ICertificationEngine inner, ManualResetEventSlim signal)
    {
        _inner = inner;
        _signal = signal;
    }

    public CertificationMethod Method => _inner.Method;

    public EngineCapabilities Capabilities => _inner.Capabilities;

    public IMipSolver Backend => _inner.Backend;

    public Certificate Certify(CertificationRequest request)
    {
        _signal.Wait(TimeSpan.FromSeconds(10));
        return _inner.Certify(request);
    }
}
