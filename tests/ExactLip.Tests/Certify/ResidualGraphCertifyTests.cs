using ExactLip.Tests.Import;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The graphs of <see cref="ResidualGraphs"/> (residual blocks, x + x, Concat, Sub and Max of
/// branches) certified by both engines against region enumeration of the imported network
/// (exact rationals) and the graphs' own Jacobians, which never go through the import
/// (<see cref="FormulaNetwork"/>).
/// </summary>
public class ResidualGraphCertifyTests
{
    public static TheoryData<string> Names => new(ResidualGraphs.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void MipAndBranchAndBound_EqualRegionEnumeration_AndTheGraphsGrid(string name) =>
        new FormulaNetwork(name, ResidualGraphs.Load(name), x => ResidualGraphs.Jacobian(name, x), x => ResidualGraphs.NearKink(name, x), Grid: 20)
            .CertifiesToTheOracleAndTheFormula();
}
