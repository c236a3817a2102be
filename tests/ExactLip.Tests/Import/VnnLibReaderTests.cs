using ExactLip.Core;
using ExactLip.Import.VnnLib;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

public class VnnLibReaderTests
{
    [Fact]
    public void Read_AcasXuProperty1_GivesItsFiveInputBounds()
    {
        var box = VnnLibReader.Read(Fixtures.ThirdParty("acasxu/prop_1.vnnlib"));
        box.Dimension.Should().Be(5);
        box.Lo(0).Should().Be(0.6);
        box.Hi(0).Should().Be(0.679857769);
        box.Lo(4).Should().Be(-0.5);
        box.Hi(4).Should().Be(-0.45);
    }

    [Theory]
    [InlineData("eran/mnist_spec_idx_4424_eps_0.01500.vnnlib", 784)]
    [InlineData("mnistfc/prop_0_0.03.vnnlib", 784)]
    [InlineData("oval21/cifar_base_kw-img4549-eps0.00392156862745098.vnnlib", 3072)]
    [InlineData("rl/cartpole_case_safe_14.vnnlib", 4)]
    [InlineData("verivital/maxpool_prop_0_0.004.vnnlib", 784)]
    [InlineData("vnncomp-test/test_nano.vnnlib", 1)]
    [InlineData("vnncomp-test/test_small.vnnlib", 1)]
    public void Read_ThirdPartyProperties_BoundEveryInput(string file, int inputs)
    {
        var box = VnnLibReader.Read(Fixtures.ThirdParty(file));
        box.Dimension.Should().Be(inputs);
        for (var i = 0; i < inputs; i++)
        {
            box.Lo(i).Should().BeLessThanOrEqualTo(box.Hi(i));
        }
    }

    [Fact]
    public void Parse_MirroredComparisons_OrBlocks_AndComments()
    {
        const string text = """
            ; a comment with (parentheses
            (declare-const X_0 Real)
            (declare-const X_1 Real)
            (declare-const Y_0 Real)
            (assert (<= -1.5 X_0))
            (assert (>= 2e-1 X_0))
            (assert (or (and (>= X_1 0) (<= X_1 1) (>= Y_0 3)) (and (>= X_1 -1) (<= X_1 0.5))))
            (assert (<= Y_0 X_0))
            """;
        var box = VnnLibReader.Parse(text, "t.vnnlib");
        box.Lo(0).Should().Be(-1.5);
        box.Hi(0).Should().Be(0.2);
        box.Lo(1).Should().Be(-1);
        box.Hi(1).Should().Be(1);
    }

    [Fact]
    public void Parse_InputWithoutBound_NamesIt()
    {
        const string text = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 1))\n(assert (>= X_0 0))\n(assert (<= X_1 1))";
        var e = FluentActions.Invoking(() => VnnLibReader.Parse(text, "p.vnnlib")).Should().Throw<ExactLipException>().Which;
        e.Message.Should().Be("The property file p.vnnlib gives input X_1 no lower bound; add (assert (>= X_1 value)).");
    }

    [Fact]
    public void Parse_NoInputs_OrUnbalanced_OrMissingFile_Fail()
    {
        FluentActions.Invoking(() => VnnLibReader.Parse("(declare-const Y_0 Real)", "p.vnnlib")).Should().Throw<ExactLipException>().WithMessage("*declares no inputs*");
        FluentActions.Invoking(() => VnnLibReader.Parse("(declare-const X_0 Real", "p.vnnlib")).Should().Throw<ExactLipException>().WithMessage("*not a well-formed*");
        FluentActions.Invoking(() => VnnLibReader.Read("/nonexistent/p.vnnlib")).Should().Throw<ExactLipException>().WithMessage("*does not exist*");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    public void Parse_BoundThatIsNotAFiniteNumber_IsRefusedNamingTheInput(string bound)
    {
        var text = $"(declare-const X_0 Real) (assert (>= X_0 0)) (assert (<= X_0 {bound}))";
        FluentActions.Invoking(() => VnnLibReader.Parse(text, "p.vnnlib")).Should().Throw<ExactLipException>()
            .WithMessage($"The property file p.vnnlib bounds input X_0 by {bound}, which is not a finite number; give finite bounds.");
    }
}
