using ExactLip.Certify;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The rule that calls a value exact, on hand-derived cases: upper − lower ≤ T · max(|lower|,
/// smallest normal double), so the tolerance is relative to the value itself at every magnitude.
/// </summary>
public sealed class AgreeTests
{
    [Theory]
    // 1e-12 and 2e-12 differ by 100% of the value: far from 1e-6 however small both are.
    [InlineData(1e-12, 2e-12, 1e-6, false)]
    // 1e-12 and 1e-12·(1 + 1e-7): a relative difference of 1e-7 ≤ 1e-6.
    [InlineData(1e-12, 1.0000001e-12, 1e-6, true)]
    // 1e-12 and 1e-12·(1 + 1e-5): a relative difference of 1e-5 > 1e-6.
    [InlineData(1e-12, 1.00001e-12, 1e-6, false)]
    // Equal bounds at 0: the constant is 0 exactly.
    [InlineData(0.0, 0.0, 1e-6, true)]
    // Lower 0, upper 1e-300: not exact, the value 0 could be anything up to 1e-300.
    [InlineData(0.0, 1e-300, 1e-6, false)]
    // 2 and 2.000001: 1e-6 above 2 is 5e-7 of the value, within 1e-6.
    [InlineData(2.0, 2.000001, 1e-6, true)]
    // 2 and 2.00001: 5e-6 of the value, beyond 1e-6 but within 1e-5.
    [InlineData(2.0, 2.00001, 1e-6, false)]
    [InlineData(2.0, 2.00001, 1e-5, true)]
    // Large values: 1e6 and 1e6 + 0.5 differ by 5e-7 of the value.
    [InlineData(1e6, 1e6 + 0.5, 1e-6, true)]
    [InlineData(1e6, 1e6 + 2, 1e-6, false)]
    public void Bounds_agree_only_within_the_tolerance_relative_to_the_value(double lower, double upper, double tolerance, bool agree) =>
        Certificate.Agree(lower, upper, tolerance).Should().Be(agree);

    [Fact]
    public void Infinite_or_undefined_bounds_never_agree()
    {
        Certificate.Agree(1.0, double.PositiveInfinity, 0.09).Should().BeFalse();
        Certificate.Agree(double.NaN, 1.0, 0.09).Should().BeFalse();
        Certificate.Agree(1.0, double.NaN, 0.09).Should().BeFalse();
    }

    [Fact]
    public void The_floor_for_a_zero_value_is_the_smallest_normal_double()
    {
        Certificate.SmallestNormal.Should().Be(BitConverter.Int64BitsToDouble(1L << 52));
        double.IsNormal(Certificate.SmallestNormal).Should().BeTrue();
        double.IsNormal(Certificate.SmallestNormal / 2).Should().BeFalse();
    }
}
