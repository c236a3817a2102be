using ExactLip.Core;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ExactLip.ModelCheck;

/// <summary>
/// One ONNX file as ONNX Runtime evaluates it (CPU, one sample at a time): the evaluator
/// independent of ExactLip's importer that check-model and certify compare it with.
/// Implementation note: ONNX Runtime computes in the model's own element type, float32 for
/// float32 models, so each point is first rounded to that type (<see cref="RoundInput"/>) and
/// both evaluators are given the rounded point; what remains is ONNX Runtime's arithmetic.
/// A symbolic leading axis is the batch axis and is fixed to 1, as the importer does.
/// Not thread-safe.
/// </summary>
public sealed class OnnxRuntimeModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _shape;

    private OnnxRuntimeModel(InferenceSession session, string inputName, int[] shape, bool isDouble, string outputName)
    {
        _session = session;
        InputName = inputName;
        _shape = shape;
        IsDouble = isDouble;
        OutputName = outputName;
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The input shape fed to ONNX Runtime, batch axis included and fixed to 1 where it was symbolic.</summary>
    public IReadOnlyList<int> InputShape => _shape;

    /// <summary>True for a float64 model; false for float32, the usual case.</summary>
    public bool IsDouble { get; }

    public string ElementType => IsDouble ? "float64" : "float32";

    /// <summary>The ONNX Runtime library's version, e.g. "1.32.0".</summary>
    public static string Version => Guard(() => OrtEnv.Instance().GetVersionString());

    /// <summary>
    /// Loads <paramref name="path"/> in ONNX Runtime and checks that its input holds
    /// <paramref name="inputSize"/> values (the imported network's input size).
    /// </summary>
    public static OnnxRuntimeModel Load(string path, int inputSize)
    {
        var session = Guard(() =>
        {
            try
            {
                return new InferenceSession(path);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ExactLipException($"ONNX Runtime cannot load {path} ({FirstLine(e.Message)}); check the file with another ONNX tool or re-export it.");
            }
        });
        try
        {
            return Describe(session, path, inputSize);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The ONNX Runtime session of <paramref name="path"/>, or null when ONNX Runtime cannot load it.</summary>
    public static IDisposable? TryLoad(string path)
    {
        try
        {
            return Guard(() => new InferenceSession(path));
        }
        catch (OnnxRuntimeException)
        {
            return null;
        }
    }

    /// <summary>The point as the model's element type holds it (float32 rounding for a float32 model).</summary>
    public double[] RoundInput(ReadOnlySpan<double> x)
    {
        var rounded = x.ToArray();
        if (!IsDouble)
        {
            for (var i = 0; i < rounded.Length; i++)
            {
                rounded[i] = (float)rounded[i];
            }
        }

        return rounded;
    }

    /// <summary>The model's output at <paramref name="x"/> (rounded to the element type first), flattened.</summary>
    public double[] Evaluate(ReadOnlySpan<double> x)
    {
        using var input = IsDouble
            ? OrtValue.CreateTensorValueFromMemory(x.ToArray(), _shape.Select(d => (long)d).ToArray())
            : OrtValue.CreateTensorValueFromMemory(RoundToFloat(x), _shape.Select(d => (long)d).ToArray());
        using var results = _session.Run(new RunOptions(), new[] { InputName }, new[] { input }, new[] { OutputName });
        var output = results[0];
        return IsDouble ? output.GetTensorDataAsSpan<double>().ToArray() : Widen(output.GetTensorDataAsSpan<float>());
    }

    public void Dispose() => _session.Dispose();

    private static OnnxRuntimeModel Describe(InferenceSession session, string path, int inputSize)
    {
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            throw new ExactLipException($"ONNX Runtime sees {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs in {path}, but check-model compares models with one of each.");
        }

        var (name, meta) = session.InputMetadata.First();
        var isDouble = meta.ElementDataType switch
        {
            TensorElementType.Float => false,
            TensorElementType.Double => true,
            var other => throw new ExactLipException($"The input '{name}' of {path} has element type {other}, but check-model feeds float32 or float64 tensors."),
        };

        var shape = meta.Dimensions.ToArray();
        for (var a = 0; a < shape.Length; a++)
        {
            if (shape[a] > 0)
            {
                continue;
            }

            if (a != 0 || shape.Length < 2)
            {
                var symbol = a < meta.SymbolicDimensions.Length && meta.SymbolicDimensions[a].Length > 0 ? $" ('{meta.SymbolicDimensions[a]}')" : string.Empty;
                throw new ExactLipException($"The input '{name}' of {path} has no fixed size on axis {a}{symbol}, and only a leading batch axis can be fixed by check-model; export the model with a fixed input shape.");
            }

            shape[a] = 1;
        }

        var size = shape.Aggregate(1L, (p, d) => p * d);
        if (size != inputSize)
        {
            throw new ExactLipException($"ONNX Runtime reads the input '{name}' of {path} as [{string.Join(", ", shape)}] ({size} values) but ExactLip's import takes {inputSize}, so the two cannot be compared; this is a bug in the importer, please report it with the model.");
        }

        return new OnnxRuntimeModel(session, name, shape, isDouble, session.OutputMetadata.Keys.First());
    }

    /// <summary>Turns a native library that does not load into one sentence.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException || e is TypeInitializationException { InnerException: DllNotFoundException or EntryPointNotFoundException })
        {
            var reason = FirstLine((e.InnerException ?? e).Message);
            throw new ExactLipException($"The ONNX Runtime library (libonnxruntime.so) did not load ({reason}); the build copies it beside exactlip on Linux x64, so rebuild there or put the library of ONNX Runtime 1.32 on the loader path.");
        }
    }

    private static float[] RoundToFloat(ReadOnlySpan<double> x)
    {
        var f = new float[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            f[i] = (float)x[i];
        }

        return f;
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var d = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            d[i] = values[i];
        }

        return d;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n')[0].Trim().TrimEnd('.');
        return line.Length <= 240 ? line : string.Concat(line.AsSpan(0, 240), "…");
    }
}
