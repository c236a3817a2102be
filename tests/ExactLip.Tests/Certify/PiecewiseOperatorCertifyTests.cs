using ExactLip.Tests.Import;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// LeakyRelu, Clip, Max and Min networks (<see cref="PiecewiseOperators"/>) certified by both
/// engines against region enumeration of the imported network and the operators' own Jacobians
/// (<see cref="FormulaNetwork"/>).
/// </summary>
public class PiecewiseOperatorCertifyTests
{
    public static TheoryData<string> Names => new(PiecewiseOperators.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void MipAndBranchAndBound_EqualRegionEnumeration_AndTheOperatorsGrid(string name) =>
        new FormulaNetwork(name, PiecewiseOperators.Load(name), x => PiecewiseOperators.Jacobian(name, x), x => PiecewiseOperators.NearKink(name, x), Grid: 24)
            .CertifiesToTheOracleAndTheFormula();
}
