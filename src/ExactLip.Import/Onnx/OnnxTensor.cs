using System.Buffers.Binary;
using ExactLip.Core;
using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx;

/// <summary>
/// A constant tensor of an ONNX graph (an initializer, a Constant node, or an operation folded
/// over constants): its full shape and its values in row-major order, widened to float64.
/// Float32 weights convert to float64 exactly; integers (shapes, axes) stay exact below 2^53.
/// </summary>
internal sealed class OnnxTensor
{
    public OnnxTensor(int[] shape, double[] data, bool isInteger = false)
    {
        if (ShapeSize(shape) != data.Length)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join(",", shape)}] cannot hold {data.Length} values.");
        }

        Shape = shape;
        Data = data;
        IsInteger = isInteger;
    }

    public int[] Shape { get; }

    public double[] Data { get; }

    public bool IsInteger { get; }

    public int Rank => Shape.Length;

    public int Size => Data.Length;

    /// <summary>
    /// The most values one tensor may hold, 2²⁸ (2 GB in float64): far beyond any network whose
    /// Lipschitz constant can be bounded, and small enough that sizes stay exact in int arithmetic
    /// and a malformed shape is refused before anything that size is allocated.
    /// </summary>
    public const int MaxValues = 1 << 28;

    /// <summary>The number of values of a tensor of this shape.</summary>
    /// <exception cref="OverflowException">A negative dimension, or more than <see cref="MaxValues"/> values; the importer names the node.</exception>
    public static int ShapeSize(IReadOnlyList<int> shape)
    {
        long size = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new OverflowException($"A tensor has the negative dimension {d}.");
            }

            size = Math.Min(size * d, (long)MaxValues + 1);
        }

        return size > MaxValues ? throw new OverflowException($"A tensor of shape [{string.Join(",", shape)}] has more than {MaxValues} values.") : (int)size;
    }

    public static OnnxTensor Scalar(double value, bool isInteger = false) => new(Array.Empty<int>(), new[] { value }, isInteger);

    public static OnnxTensor Vector(IReadOnlyList<long> values) => new(new[] { values.Count }, values.Select(v => (double)v).ToArray(), isInteger: true);

    /// <summary>The values as integers (shapes, axes, pads), checking they are whole numbers.</summary>
    public long[] AsLongs() => Data.Select(v => (long)v).ToArray();

    public OnnxTensor Reshape(int[] shape) => new(shape, Data, IsInteger);

    /// <summary>Reads a TensorProto; <paramref name="where"/> names it in error messages.</summary>
    public static OnnxTensor FromProto(TensorProto t, string where)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new ModelFormatException($"The tensor '{t.Name}' in {where} keeps its data in an external file, which ExactLip does not read; save the model with its weights inside the .onnx file.");
        }

        if (t.Dims.Any(d => d < 0 || d > int.MaxValue))
        {
            throw new ModelFormatException($"The tensor '{t.Name}' in {where} has invalid dimensions [{string.Join(",", t.Dims)}]; re-export the model.");
        }

        var shape = t.Dims.Select(d => (int)d).ToArray();
        if (t.Dims.Aggregate(1.0, (p, d) => p * d) > MaxValues)
        {
            throw new ModelFormatException($"The tensor '{t.Name}' in {where} has dimensions [{string.Join(",", t.Dims)}], more than the {MaxValues} values ExactLip holds in one tensor; re-export the model.");
        }

        var count = ShapeSize(shape);
        var raw = t.RawData.Span;
        var type = (TensorProto.Types.DataType)t.DataType;
        double[] data;
        var isInteger = type is not (TensorProto.Types.DataType.Float or TensorProto.Types.DataType.Double or TensorProto.Types.DataType.Float16);
        var hasRaw = t.HasRawData;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                data = hasRaw ? Read(raw, 4, count, t, where, s => BinaryPrimitives.ReadSingleLittleEndian(s)) : t.FloatData.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Double:
                data = hasRaw ? Read(raw, 8, count, t, where, BinaryPrimitives.ReadDoubleLittleEndian) : t.DoubleData.ToArray();
                break;
            case TensorProto.Types.DataType.Float16:
                data = hasRaw ? Read(raw, 2, count, t, where, s => (double)BinaryPrimitives.ReadHalfLittleEndian(s)) : t.Int32Data.Select(v => (double)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray();
                break;
            case TensorProto.Types.DataType.Int64:
                data = hasRaw ? Read(raw, 8, count, t, where, s => BinaryPrimitives.ReadInt64LittleEndian(s)) : t.Int64Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Int32:
                data = hasRaw ? Read(raw, 4, count, t, where, s => BinaryPrimitives.ReadInt32LittleEndian(s)) : t.Int32Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Int16:
                data = hasRaw ? Read(raw, 2, count, t, where, s => BinaryPrimitives.ReadInt16LittleEndian(s)) : t.Int32Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Uint16:
                data = hasRaw ? Read(raw, 2, count, t, where, s => BinaryPrimitives.ReadUInt16LittleEndian(s)) : t.Int32Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Int8:
                data = hasRaw ? Read(raw, 1, count, t, where, s => (sbyte)s[0]) : t.Int32Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Uint8:
            case TensorProto.Types.DataType.Bool:
                data = hasRaw ? Read(raw, 1, count, t, where, s => s[0]) : t.Int32Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Uint32:
                data = hasRaw ? Read(raw, 4, count, t, where, s => BinaryPrimitives.ReadUInt32LittleEndian(s)) : t.Uint64Data.Select(v => (double)v).ToArray();
                break;
            case TensorProto.Types.DataType.Uint64:
                data = hasRaw ? Read(raw, 8, count, t, where, s => BinaryPrimitives.ReadUInt64LittleEndian(s)) : t.Uint64Data.Select(v => (double)v).ToArray();
                break;
            default:
                throw new ModelFormatException($"The tensor '{t.Name}' in {where} has element type {t.DataType}, which ExactLip does not read; use float32 or float64 weights.");
        }

        if (data.Length != count)
        {
            throw new ModelFormatException($"The tensor '{t.Name}' in {where} has {data.Length} values for shape [{string.Join(",", shape)}]; the file is corrupt or truncated.");
        }

        return new OnnxTensor(shape, data, isInteger);
    }

    /// <summary>
    /// Checks that every value is a finite number: one NaN or infinite weight makes every output,
    /// bound and Lipschitz constant of the network meaningless, so such a model is refused.
    /// </summary>
    /// <param name="name">The tensor's name in the graph.</param>
    /// <param name="where">The file, for the message.</param>
    public OnnxTensor RequireFinite(string name, string where)
    {
        for (var i = 0; i < Data.Length; i++)
        {
            if (!double.IsFinite(Data[i]))
            {
                throw new ModelFormatException($"The tensor '{name}' in {where} holds {Data[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} at entry {i}, but ExactLip needs finite weights; fix the model or re-export it from weights without NaN or infinity.");
            }
        }

        return this;
    }

    private delegate double ElementReader(ReadOnlySpan<byte> bytes);

    private static double[] Read(ReadOnlySpan<byte> raw, int width, int count, TensorProto t, string where, ElementReader read)
    {
        if (raw.Length != width * count)
        {
            throw new ModelFormatException($"The tensor '{t.Name}' in {where} has {raw.Length} bytes of data for {count} values of {width} bytes; the file is corrupt or truncated.");
        }

        var result = new double[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = read(raw.Slice(i * width, width));
        }

        return result;
    }
}
