using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// The shipped program on the models of <see cref="MalformedShapes"/>, written to a temporary
/// folder here (as the bad_*.onnx fixtures are, by a script): exit code 2 and one error line that
/// names the node, never an internal error (70) or a stack trace.
/// </summary>
public class MalformedModelCliTests
{
    public static TheoryData<string> Names => new(MalformedShapes.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Certify_MalformedModel_ExitsTwoWithOneSentence(string name)
    {
        using var folder = new TempFolder();
        var (model, names) = MalformedShapes.Cases[name];
        var path = folder.File($"{name}.onnx");
        File.WriteAllBytes(path, model());

        var result = ExactLipProcess.Run("certify", path, "--lo", "0", "--hi", "1", "--quiet");

        result.ExitCode.Should().Be(2, result.ToString());
        result.StderrLines.Should().ContainSingle(result.ToString());
        result.StderrLines[0].Should().StartWith("error: ").And.Contain(names).And.Contain($"{name}.onnx").And.EndWith(".");
    }
}
