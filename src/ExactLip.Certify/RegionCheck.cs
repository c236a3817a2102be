using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Certify;

/// <summary>
/// Decides whether an activation pattern is met by an interior point of the box, and finds
/// one: the <see cref="RegionModel"/> of the pattern, with the pattern's affine pre-activations
/// ≥ δ (active) or ≤ −δ (inactive), and each max-pooling winner beating the rest by δ. Each layer
/// writes its own part of the LP (LayerEncoding.EncodeRegion).
/// Implementation note: the MIP ranges over every backprop output with ReLU′(0) ∈ {0, 1}, so its
/// optimum may belong to a pattern that holds only on a measure-zero set (docs/certify.md: for
/// relu(x) − relu(−x) on [−1, 1] the MIP finds 2 at x = 0 while the true constant is 1). Such a
/// pattern's gradient is not a gradient of the network anywhere, so it can be excluded; a
/// pattern with δ &gt; 0 is realised on an open set. Excluding a pattern that has interior would
/// make the certified value too low, so "no interior" is decided only by the dual proof of
/// <see cref="RegionModel.Decide"/>. The proof needs finite boxes for the variables the layers
/// leave free (pre-activations): <see cref="ImpliedBounds"/> derives them from the input box
/// through the LP's own rows.
/// </summary>
public static class RegionCheck
{
    /// <returns>
    /// Interior with a point inside the pattern's region by the LP (δ &gt; 0; the caller proves
    /// where it lies before it counts); Empty when the region provably has no interior point in
    /// the box; Unknown or Unverified, with the reason, when that could not be decided (an
    /// operator the check does not model, a solver failure, no time left, or a "no interior"
    /// answer the dual bound does not confirm), which no caller may mistake for "empty".
    /// </returns>
    public static RegionAnswer Decide(
        LipschitzMip mip,
        ReadOnlySpan<double> solution,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mip);
        if (!CoincidentSignsConsistent(mip, solution))
        {
            return RegionAnswer.Empty;
        }

        var (region, unstated) = Build(mip, solution);
        return region is null
            ? RegionAnswer.Unknown(unstated!)
            : region.Decide(solver, timeLimit, mip.Bounds.Activations[0], provenInside: null, cancellationToken);
    }
    /// <summary>
    /// False when the pattern gives two exactly proportional pre-activations incompatible signs
    /// (or a constant one the wrong sign): then it has no interior, exactly.
    /// </summary>
    private static bool CoincidentSignsConsistent(LipschitzMip mip, ReadOnlySpan<double> solution)
    {
        var layers = mip.Bounds.Network.Layers;
        foreach (var encoding in mip.Layers)
        {
            var k = encoding.Context.LayerIndex;
            if (k > 0 && layers[k - 1] is LinearLayer feeding && encoding.SignPattern(solution) is { } signs && !CoincidentNeurons.Consistent(feeding, signs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The region LP of the pattern in <paramref name="solution"/>: max δ, δ ≤ 1 and free below
    /// (so that every pattern has a feasible point), x in the box, and each layer's rows; or no
    /// model and the reason, when a layer cannot state its region.
    /// </summary>
    internal static (RegionModel? Model, string? Unstated) Build(LipschitzMip mip, ReadOnlySpan<double> solution)
    {
        var model = new MipModelBuilder("region");
        var (margin, inputs) = RegionModel.Start(model, mip.Bounds.Activations[0]);

        // Each layer states its own region (see LayerEncoding.EncodeRegion).
        IReadOnlyList<Var> current = inputs;
        foreach (var layer in mip.Layers)
        {
            if (layer.EncodeRegion(model, current, margin, solution) is not { } next)
            {
                return (null, $"the {layer.Context.Kind} layer cannot state its region");
            }

            current = next;
        }

        return (new RegionModel(model.Build(), inputs, margin), null);
    }
}
