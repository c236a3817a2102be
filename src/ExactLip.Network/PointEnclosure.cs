namespace ExactLip.Network;

/// <summary>
/// Float64 values of one layer's tensor at a point, with what is proven about them: each exact
/// value lies within <see cref="Error"/> of the computed one, and a value marked
/// <see cref="Constant"/> is constant on a neighbourhood of the point (a zero row's bias, a ReLU
/// proven inactive), so its kinks, ties and gradient do not matter there.
/// </summary>
public sealed class PointEnclosure
{
    public PointEnclosure(int size)
    {
        Value = new double[size];
        Error = new double[size];
        Constant = new bool[size];
    }

    /// <summary>The input point itself: exact, and nowhere constant.</summary>
    public PointEnclosure(ReadOnlySpan<double> x)
        : this(x.Length)
    {
        x.CopyTo(Value);
    }

    public double[] Value { get; }

    public double[] Error { get; }

    public bool[] Constant { get; }

    public int Size => Value.Length;
}
