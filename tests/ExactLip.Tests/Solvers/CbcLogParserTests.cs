using ExactLip.Solvers.Cbc;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>Lines as CBC 2.10.8 prints them for a maximisation handed over as min −cᵀx.</summary>
public class CbcLogParserTests
{
    [Fact]
    public void Accept_StatusAndSolutionLines_GiveMaximisationBoundsWithOffset()
    {
        var parser = new CbcLogParser(sense: -1, offset: 10);

        parser.Accept("Cbc0012I Integer solution of -2276 found by feasibility pump after 0 iterations and 0 nodes (0.01 seconds)").Should().Be("incumbent");
        parser.Primal.Should().Be(2286);
        parser.Accept("Cbc0013I At root node, 9 cuts changed objective from -2295.5799 to -2291.8271 in 4 passes").Should().Be("root");
        parser.Dual.Should().BeApproximately(2301.8271, 1e-9);
        parser.Accept("Cbc0010I After 1000 nodes, 619 on tree, -2280 best solution, best possible -2290.5 (1.23 seconds)").Should().Be("nodes");
        (parser.Nodes, parser.Primal, parser.Dual).Should().Be((1000L, 2290.0, 2300.5));
        parser.Accept("Cbc0016I Integer solution of -2285 found by strong branching after 3433 iterations and 1005 nodes (1.30 seconds)");
        (parser.Nodes, parser.Primal).Should().Be((1005L, 2295.0));
        parser.Accept("Cbc0045I MIPStart provided solution with cost -1").Should().Be("start");
        parser.Primal.Should().Be(2295, "a worse start does not replace a better incumbent");
        parser.Accept("Cbc0038I Pass   1: suminf.    0.00000 (0) obj. 181 iterations 7").Should().BeNull();
    }

    [Fact]
    public void Accept_NoIncumbentYet_LeavesPrimalEmpty()
    {
        var parser = new CbcLogParser(sense: -1, offset: 0);

        parser.Accept("Cbc0010I After 0 nodes, 1 on tree, 1e+50 best solution, best possible -7 (0.02 seconds)");

        parser.Primal.Should().BeNull();
        parser.Dual.Should().Be(7);
    }
}
