using ExactLip.Solvers.Scip;
using FluentAssertions;
using Xunit;
using static ExactLip.Solvers.Scip.ScipConstants;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// Pins every mirrored SCIP value, one test per constant and release, to scip/type_retcode.h,
/// type_prob.h, type_var.h, type_stat.h and type_event.h of SCIP 9.2.4 and 10.0.0 (read from
/// the headers of those tags), so the binding cannot drift from either release.
/// </summary>
public class ScipConstantsTests
{
    public static TheoryData<string, long, long> Common => new()
    {
        { nameof(SCIP_OKAY), SCIP_OKAY, 1 },
        { nameof(SCIP_OBJSENSE_MAXIMIZE), SCIP_OBJSENSE_MAXIMIZE, -1 },
        { nameof(SCIP_OBJSENSE_MINIMIZE), SCIP_OBJSENSE_MINIMIZE, 1 },
        { nameof(SCIP_VARTYPE_BINARY), SCIP_VARTYPE_BINARY, 0 },
        { nameof(SCIP_VARTYPE_INTEGER), SCIP_VARTYPE_INTEGER, 1 },
        { nameof(SCIP_VARTYPE_CONTINUOUS), SCIP_VARTYPE_CONTINUOUS, 3 },
    };

    public static TheoryData<int, string, long> ByRelease => new()
    {
        { 9, "SCIP_STATUS_UNKNOWN", 0 },
        { 9, "SCIP_STATUS_USERINTERRUPT", 1 },
        { 9, "SCIP_STATUS_TIMELIMIT", 5 },
        { 9, "SCIP_STATUS_GAPLIMIT", 7 },
        { 9, "SCIP_STATUS_OPTIMAL", 11 },
        { 9, "SCIP_STATUS_INFEASIBLE", 12 },
        { 9, "SCIP_STATUS_UNBOUNDED", 13 },
        { 9, "SCIP_STATUS_INFORUNBD", 14 },
        { 9, "SCIP_STATUS_TERMINATE", 15 },
        { 9, "SCIP_EVENTTYPE_NODEFEASIBLE", 0x000080000 },
        { 9, "SCIP_EVENTTYPE_NODEINFEASIBLE", 0x000100000 },
        { 9, "SCIP_EVENTTYPE_NODEBRANCHED", 0x000200000 },
        { 9, "SCIP_EVENTTYPE_FIRSTLPSOLVED", 0x000800000 },
        { 9, "SCIP_EVENTTYPE_LPSOLVED", 0x001000000 },
        { 9, "SCIP_EVENTTYPE_BESTSOLFOUND", 0x004000000 },
        { 10, "SCIP_STATUS_UNKNOWN", 0 },
        { 10, "SCIP_STATUS_USERINTERRUPT", 10 },
        { 10, "SCIP_STATUS_TIMELIMIT", 23 },
        { 10, "SCIP_STATUS_GAPLIMIT", 25 },
        { 10, "SCIP_STATUS_OPTIMAL", 1 },
        { 10, "SCIP_STATUS_INFEASIBLE", 2 },
        { 10, "SCIP_STATUS_UNBOUNDED", 3 },
        { 10, "SCIP_STATUS_INFORUNBD", 4 },
        { 10, "SCIP_STATUS_TERMINATE", 11 },
        { 10, "SCIP_EVENTTYPE_NODEFEASIBLE", 0x0000100000 },
        { 10, "SCIP_EVENTTYPE_NODEINFEASIBLE", 0x0000200000 },
        { 10, "SCIP_EVENTTYPE_NODEBRANCHED", 0x0000400000 },
        { 10, "SCIP_EVENTTYPE_FIRSTLPSOLVED", 0x0002000000 },
        { 10, "SCIP_EVENTTYPE_LPSOLVED", 0x0004000000 },
        { 10, "SCIP_EVENTTYPE_BESTSOLFOUND", 0x0010000000 },
    };

    [Theory]
    [MemberData(nameof(Common))]
    public void Constant_EqualsHeaderValueInEveryRelease(string name, long mirrored, long header)
    {
        mirrored.Should().Be(header, name);
    }

    [Theory]
    [MemberData(nameof(ByRelease))]
    public void ReleaseConstant_EqualsThatReleasesHeader(int major, string name, long header)
    {
        var abi = ScipAbi.For(major)!;
        var value = typeof(ScipAbi).GetProperty(name)!.GetValue(abi);

        Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).Should().Be(header, $"{name} in SCIP {major}");
    }

    [Theory]
    [InlineData(9, 0x000080000 | 0x000100000 | 0x000200000)]
    [InlineData(10, 0x0000100000 | 0x0000200000 | 0x0000400000)]
    public void NodeSolved_IsTheHeadersUnionOfNodeEvents(int major, long header)
    {
        ((long)ScipAbi.For(major)!.SCIP_EVENTTYPE_NODESOLVED).Should().Be(header);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(11)]
    public void UnknownRelease_HasNoTable(int major)
    {
        ScipAbi.For(major).Should().BeNull("a release whose numbers were not checked must be refused");
    }
}
