using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using Google.Protobuf;

namespace ExactLip.Tests.Import;

/// <summary>Builds small ONNX models in memory for operator and error tests.</summary>
public sealed class OnnxBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly long _opset;

    public OnnxBuilder(long opset = 13)
    {
        _opset = opset;
    }

    public OnnxBuilder Input(string name, params long[] dims)
    {
        _graph.Input.Add(Value(name, dims));
        return this;
    }

    public OnnxBuilder Output(string name, params long[] dims)
    {
        _graph.Output.Add(Value(name, dims));
        return this;
    }

    public OnnxBuilder Initializer(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxBuilder Ints(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxBuilder Node(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = op, Name = $"{op.ToLowerInvariant()}_{_graph.Node.Count}" };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        _graph.Node.Add(n);
        return this;
    }

    public static AttributeProto Attr(string name, long value) => new() { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int };

    public static AttributeProto Attr(string name, float value) => new() { Name = name, F = value, Type = AttributeProto.Types.AttributeType.Float };

    public static AttributeProto Attr(string name, string value) => new() { Name = name, S = ByteString.CopyFromUtf8(value), Type = AttributeProto.Types.AttributeType.String };

    public static AttributeProto Attr(string name, long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public byte[] Build()
    {
        var model = new ModelProto { IrVersion = 7, Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = _opset });
        return model.ToByteArray();
    }

    public NeuralNetwork Load() => ExactLip.Import.Onnx.OnnxImporter.Load(Build(), "test.onnx");

    private static ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }
}
