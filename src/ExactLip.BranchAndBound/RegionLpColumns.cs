using ExactLip.Certify;
using ExactLip.Mip;

namespace ExactLip.BranchAndBound;

/// <summary>
/// What both region LPs (<see cref="RegionLp"/>'s over every pre-activation, <see
/// cref="CompactRegionLp"/>'s over the inputs and free outputs) build alike: the model, the box
/// each variable respects at the sub-domain's points (which the emptiness proof reads, <see
/// cref="RegionModel.Domain"/>), and the one elastic slack every triangle row shares.
/// </summary>
internal sealed class RegionLpColumns
{
    private readonly List<double> _checkLower = new();
    private readonly List<double> _checkUpper = new();
    private Var? _elastic;

    public MipModelBuilder Model { get; } = new("region");

    /// <summary>A variable with LP bounds [lower, upper] whose values at the sub-domain's points lie in [checkLower, checkUpper].</summary>
    public Var Add(string name, double lower, double upper, double checkLower, double checkUpper)
    {
        Check(checkLower, checkUpper);
        return Model.AddVariable(name, lower, upper);
    }

    /// <summary>The box the sub-domain's points respect for the next variable (in the order they are added).</summary>
    public void Check(double checkLower, double checkUpper)
    {
        _checkLower.Add(checkLower);
        _checkUpper.Add(checkUpper);
    }

    /// <summary>The one slack shared by every triangle row; its points (the sub-domain's) need none.</summary>
    public Var Elastic()
    {
        if (_elastic is not { } t)
        {
            t = Add("elastic", 0, double.PositiveInfinity, 0, 0);
            Model.SetObjective(t, -RegionLp.ElasticPenalty);
            _elastic = t;
        }

        return t;
    }

    public RegionModel Finish(Var[] inputs, Var margin) =>
        new(Model.Build(), inputs, margin) { Domain = (_checkLower.ToArray(), _checkUpper.ToArray()) };
}
