using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Oracle;

public class StableSeedTests
{
    [Fact]
    public void Of_IsFnv1aOfTheName_SameOnEveryRun()
    {
        // FNV-1a (32 bits) of "" is 0x811C9DC5 and of "a" 0xE40C292C; the seed keeps the low 31 bits.
        StableSeed.Of(string.Empty).Should().Be(0x011C9DC5);
        StableSeed.Of("a").Should().Be(0x640C292C);
        StableSeed.Of("scalar-linf").Should().NotBe(StableSeed.Of("scalar-l1"));
    }
}
