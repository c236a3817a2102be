namespace ExactLip.Solvers.Highs;

/// <summary>The constants of highs_c_api.h that the binding uses, names verbatim; pinned by a test.</summary>
internal static class HighsConstants
{
    public const int kHighsStatusError = -1;
    public const int kHighsStatusOk = 0;
    public const int kHighsStatusWarning = 1;

    public const int kHighsVarTypeContinuous = 0;
    public const int kHighsVarTypeInteger = 1;

    public const int kHighsObjSenseMinimize = 1;
    public const int kHighsObjSenseMaximize = -1;

    public const int kHighsMatrixFormatColwise = 1;
    public const int kHighsMatrixFormatRowwise = 2;

    public const int kHighsSolutionStatusNone = 0;
    public const int kHighsSolutionStatusInfeasible = 1;
    public const int kHighsSolutionStatusFeasible = 2;

    public const int kHighsModelStatusNotset = 0;
    public const int kHighsModelStatusLoadError = 1;
    public const int kHighsModelStatusModelError = 2;
    public const int kHighsModelStatusPresolveError = 3;
    public const int kHighsModelStatusSolveError = 4;
    public const int kHighsModelStatusPostsolveError = 5;
    public const int kHighsModelStatusModelEmpty = 6;
    public const int kHighsModelStatusOptimal = 7;
    public const int kHighsModelStatusInfeasible = 8;
    public const int kHighsModelStatusUnboundedOrInfeasible = 9;
    public const int kHighsModelStatusUnbounded = 10;
    public const int kHighsModelStatusObjectiveBound = 11;
    public const int kHighsModelStatusObjectiveTarget = 12;
    public const int kHighsModelStatusTimeLimit = 13;
    public const int kHighsModelStatusIterationLimit = 14;
    public const int kHighsModelStatusUnknown = 15;
    public const int kHighsModelStatusSolutionLimit = 16;
    public const int kHighsModelStatusInterrupt = 17;

    public const int kHighsCallbackLogging = 0;
    public const int kHighsCallbackSimplexInterrupt = 1;
    public const int kHighsCallbackIpmInterrupt = 2;
    public const int kHighsCallbackMipSolution = 3;
    public const int kHighsCallbackMipImprovingSolution = 4;
    public const int kHighsCallbackMipLogging = 5;
    public const int kHighsCallbackMipInterrupt = 6;

    // Names of HighsCallbackDataOut fields, read with Highs_getCallbackDataOutItem so the binding
    // does not depend on the struct's layout (it gained fields in 1.10 and 1.11).
    public const string kHighsCallbackDataOutRunningTimeName = "running_time";
    public const string kHighsCallbackDataOutMipNodeCountName = "mip_node_count";
    public const string kHighsCallbackDataOutMipPrimalBoundName = "mip_primal_bound";
    public const string kHighsCallbackDataOutMipDualBoundName = "mip_dual_bound";
    public const string kHighsCallbackDataOutObjectiveFunctionValueName = "objective_function_value";

    /// <summary>HiGHS's infinity: any bound at or beyond it is treated as none.</summary>
    public const double kHighsInf = double.PositiveInfinity;
}
