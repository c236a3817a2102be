using FluentAssertions;
using Xunit;
using static ExactLip.Solvers.Cbc.CbcConstants;

namespace ExactLip.Tests.Solvers;

/// <summary>Pins the Cbc_status and Cbc_secondaryStatus values the binding names to Cbc_C_Interface.h of CBC 2.10.</summary>
public class CbcConstantsTests
{
    [Fact]
    public void StatusValues_MatchTheHeader()
    {
        (CbcStatusNotStarted, CbcStatusFinished, CbcStatusStoppedOnLimit, CbcStatusAbandoned, CbcStatusUserStopped).Should().Be((-1, 0, 1, 2, 5));
        CbcSecondaryRelaxationUnbounded.Should().Be(7);
    }
}
