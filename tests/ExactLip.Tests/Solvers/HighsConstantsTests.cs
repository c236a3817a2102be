using FluentAssertions;
using Xunit;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// Pins every mirrored HiGHS constant to highs_c_api.h (HiGHS 1.12.0; the values are the same
/// in every release since 1.7), one test per constant, so the binding cannot drift from the header.
/// </summary>
public class HighsConstantsTests
{
    public static TheoryData<string, int, int> Values => new()
    {
        { nameof(kHighsStatusError), kHighsStatusError, -1 },
        { nameof(kHighsStatusOk), kHighsStatusOk, 0 },
        { nameof(kHighsStatusWarning), kHighsStatusWarning, 1 },
        { nameof(kHighsVarTypeContinuous), kHighsVarTypeContinuous, 0 },
        { nameof(kHighsVarTypeInteger), kHighsVarTypeInteger, 1 },
        { nameof(kHighsObjSenseMinimize), kHighsObjSenseMinimize, 1 },
        { nameof(kHighsObjSenseMaximize), kHighsObjSenseMaximize, -1 },
        { nameof(kHighsMatrixFormatColwise), kHighsMatrixFormatColwise, 1 },
        { nameof(kHighsMatrixFormatRowwise), kHighsMatrixFormatRowwise, 2 },
        { nameof(kHighsSolutionStatusNone), kHighsSolutionStatusNone, 0 },
        { nameof(kHighsSolutionStatusInfeasible), kHighsSolutionStatusInfeasible, 1 },
        { nameof(kHighsSolutionStatusFeasible), kHighsSolutionStatusFeasible, 2 },
        { nameof(kHighsModelStatusNotset), kHighsModelStatusNotset, 0 },
        { nameof(kHighsModelStatusLoadError), kHighsModelStatusLoadError, 1 },
        { nameof(kHighsModelStatusModelError), kHighsModelStatusModelError, 2 },
        { nameof(kHighsModelStatusPresolveError), kHighsModelStatusPresolveError, 3 },
        { nameof(kHighsModelStatusSolveError), kHighsModelStatusSolveError, 4 },
        { nameof(kHighsModelStatusPostsolveError), kHighsModelStatusPostsolveError, 5 },
        { nameof(kHighsModelStatusModelEmpty), kHighsModelStatusModelEmpty, 6 },
        { nameof(kHighsModelStatusOptimal), kHighsModelStatusOptimal, 7 },
        { nameof(kHighsModelStatusInfeasible), kHighsModelStatusInfeasible, 8 },
        { nameof(kHighsModelStatusUnboundedOrInfeasible), kHighsModelStatusUnboundedOrInfeasible, 9 },
        { nameof(kHighsModelStatusUnbounded), kHighsModelStatusUnbounded, 10 },
        { nameof(kHighsModelStatusObjectiveBound), kHighsModelStatusObjectiveBound, 11 },
        { nameof(kHighsModelStatusObjectiveTarget), kHighsModelStatusObjectiveTarget, 12 },
        { nameof(kHighsModelStatusTimeLimit), kHighsModelStatusTimeLimit, 13 },
        { nameof(kHighsModelStatusIterationLimit), kHighsModelStatusIterationLimit, 14 },
        { nameof(kHighsModelStatusUnknown), kHighsModelStatusUnknown, 15 },
        { nameof(kHighsModelStatusSolutionLimit), kHighsModelStatusSolutionLimit, 16 },
        { nameof(kHighsModelStatusInterrupt), kHighsModelStatusInterrupt, 17 },
        { nameof(kHighsCallbackLogging), kHighsCallbackLogging, 0 },
        { nameof(kHighsCallbackSimplexInterrupt), kHighsCallbackSimplexInterrupt, 1 },
        { nameof(kHighsCallbackIpmInterrupt), kHighsCallbackIpmInterrupt, 2 },
        { nameof(kHighsCallbackMipSolution), kHighsCallbackMipSolution, 3 },
        { nameof(kHighsCallbackMipImprovingSolution), kHighsCallbackMipImprovingSolution, 4 },
        { nameof(kHighsCallbackMipLogging), kHighsCallbackMipLogging, 5 },
        { nameof(kHighsCallbackMipInterrupt), kHighsCallbackMipInterrupt, 6 },
    };

    public static TheoryData<string, string, string> Names => new()
    {
        { nameof(kHighsCallbackDataOutRunningTimeName), kHighsCallbackDataOutRunningTimeName, "running_time" },
        { nameof(kHighsCallbackDataOutMipNodeCountName), kHighsCallbackDataOutMipNodeCountName, "mip_node_count" },
        { nameof(kHighsCallbackDataOutMipPrimalBoundName), kHighsCallbackDataOutMipPrimalBoundName, "mip_primal_bound" },
        { nameof(kHighsCallbackDataOutMipDualBoundName), kHighsCallbackDataOutMipDualBoundName, "mip_dual_bound" },
        { nameof(kHighsCallbackDataOutObjectiveFunctionValueName), kHighsCallbackDataOutObjectiveFunctionValueName, "objective_function_value" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Constant_EqualsHeaderValue(string name, int mirrored, int header)
    {
        mirrored.Should().Be(header, $"{name} in highs_c_api.h");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void CallbackItemName_EqualsHeaderString(string name, string mirrored, string header)
    {
        mirrored.Should().Be(header, $"{name} in highs_c_api.h");
    }
}
