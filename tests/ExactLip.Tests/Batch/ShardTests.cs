using ExactLip.Batch.Jobs;
using ExactLip.Core;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

public sealed class ShardTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Includes_puts_every_line_in_exactly_one_shard(int count)
    {
        var lines = Enumerable.Range(1, 200).ToArray();
        var shards = Enumerable.Range(1, count).Select(k => new Shard(k, count)).ToArray();

        foreach (var line in lines)
        {
            shards.Count(s => s.Includes(line)).Should().Be(1, $"line {line} belongs to one of {count} shards");
        }

        // As even as can be: sizes differ by at most one.
        var sizes = shards.Select(s => lines.Count(s.Includes)).ToArray();
        (sizes.Max() - sizes.Min()).Should().BeLessThanOrEqualTo(1);
    }

    [Fact]
    public void Parse_reads_k_of_n()
    {
        Shard.Parse("2/8").Should().Be(new Shard(2, 8));
        Shard.Parse(" 1 / 1 ").Should().Be(Shard.All);
        new Shard(3, 4).ToString().Should().Be("3/4");
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("-1/4")]
    [InlineData("1/2/3")]
    public void Parse_rejects_anything_else_in_one_sentence(string text)
    {
        var parse = () => Shard.Parse(text, "--shard");

        parse.Should().Throw<ExactLipException>().WithMessage($"--shard expects K/N with 1 ≤ K ≤ N (such as 2/8), but got '{text}'.");
    }
}
