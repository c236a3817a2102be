namespace ExactLip.Estimators;

/// <summary>Whether an estimate depends on the input box (local) or holds on all of Rⁿ (global).</summary>
public enum EstimateScope
{
    Local,
    Global,
}
