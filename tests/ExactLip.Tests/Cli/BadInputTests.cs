using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// Every way of calling exactlip wrongly ends in one sentence on standard error and a non-zero
/// exit, never a stack trace. Each case is a file in Cli/Cases, so adding a case is adding a file.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string> Cases => new(CaseFile.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_gets_one_sentence_and_a_non_zero_exit(string name)
    {
        var testCase = CaseFile.Load(name);
        using var tmp = new TempFolder();
        var result = ExactLipProcess.Run(testCase.Environment, [.. testCase.Prepare(tmp.Path)]);

        result.ExitCode.Should().Be(testCase.Exit, result.ToString());
        result.Stderr.Should().NotContain("   at ", "no stack frames").And.NotContain("Exception", "no exception names");
        result.StderrLines.Should().ContainSingle(result.ToString());
        var line = result.StderrLines[0];
        line.Should().StartWith("error: ").And.EndWith(".");
        foreach (var fragment in testCase.StderrFragments)
        {
            line.Should().Contain(testCase.Expand(fragment, tmp.Path));
        }
    }

    [Fact]
    public void Every_case_file_parses()
    {
        CaseFile.Names().Should().NotBeEmpty();
        foreach (var name in CaseFile.Names())
        {
            CaseFile.Load(name).StderrFragments.Should().NotBeEmpty();
        }
    }

    [Fact]
    public void Unknown_placeholder_fails_the_case()
    {
        var testCase = CaseFile.Load(CaseFile.Names().First());
        FluentActions.Invoking(() => testCase.Expand("{fixture}/models/tiny_mlp.onnx", "/tmp"))
            .Should().Throw<FormatException>().WithMessage("*unknown placeholder {fixture}*");
    }
}
