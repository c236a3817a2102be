using ExactLip.Core;
using ExactLip.Import.Onnx;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

/// <summary>Every model of <see cref="MalformedShapes"/> is refused in one sentence that names its node or input.</summary>
public class MalformedShapeTests
{
    public static TheoryData<string> Names => new(MalformedShapes.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Import_MalformedShape_IsOneSentenceNamingTheNode(string name)
    {
        var (model, names) = MalformedShapes.Cases[name];
        var e = FluentActions.Invoking(() => OnnxImporter.Load(model(), "bad.onnx")).Should().Throw<ModelFormatException>().Which;
        e.Message.Should().Contain(names).And.Contain("bad.onnx").And.EndWith(".").And.NotContain("\n");
        e.Message.TrimEnd('.').Should().NotContain(". ");
    }
}
