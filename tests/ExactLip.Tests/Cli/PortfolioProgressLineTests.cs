using ExactLip.Certify;
using ExactLip.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>A portfolio progress line names each engine once, its phase beside it.</summary>
public sealed class PortfolioProgressLineTests
{
    [Fact]
    public void Each_engine_is_named_once_with_its_phase()
    {
        var elapsed = TimeSpan.FromSeconds(3);
        var bab = new CertifyProgress(RunPhase.Bab, 1, 1, elapsed, 120, 1.5, 2.5, null);
        var mip = new CertifyProgress(RunPhase.Mip, 1, 1, elapsed, 40, 1.5, 3.0, null);
        var start = new CertifyProgress(RunPhase.Search, 1, 1, elapsed, 0, 1.5, 4.0, null);
        var line = ProgressRenderer.Format(new CertifyProgress(RunPhase.Mip, 1, 1, elapsed, 160, 1.5, 2.5, null)
        {
            Engines = [new EngineStanding(CertificationMethod.Bab, bab), new EngineStanding(CertificationMethod.Mip, mip)],
        });
        var starting = ProgressRenderer.Standings([new EngineStanding(CertificationMethod.Mip, start)], "G8");

        line.Should().NotContain("mip mip").And.NotContain("bab bab");
        line.Should().Contain("| bab solving upper 2.5 gap").And.Contain("| mip solving upper 3 gap");
        starting.Should().StartWith("mip search upper 4 ");
    }
}
