namespace ExactLip.Network;

/// <summary>
/// The shape of one sample's tensor, without the batch axis, in row-major (C) order.
/// Every layer works on the flattened vector; the shape tells operators such as Conv how to
/// index it.
/// </summary>
public sealed record Shape(int[] Dims)
{
    public int Size => Dims.Aggregate(1, (a, d) => a * d);

    public int Rank => Dims.Length;

    public static Shape Of(params int[] dims) => new(dims);

    public static Shape Vector(int n) => new(new[] { n });

    public bool Equals(Shape? other) => other is not null && Dims.SequenceEqual(other.Dims);

    public override int GetHashCode() => Dims.Aggregate(17, (h, d) => (h * 31) + d);

    public override string ToString() => "[" + string.Join(",", Dims) + "]";
}
