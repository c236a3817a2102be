using ExactLip.Batch.Jobs;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

public sealed class JobParserTests
{
    private const string Folder = "/data/study";

    private static BatchJob Parse(string text, int line = 1, double? defaultLimit = null) =>
        JobParser.Parse(new JobLine(line, text), Folder, defaultLimit);

    [Fact]
    public void Parse_fields_become_certify_arguments_in_option_order()
    {
        var job = Parse("""{"gap": 0.001, "model": "nets/a.onnx", "hi": [1, 2.5], "lo": -1, "output_norm": "l1", "time_limit": 30, "solver": "glpk", "method": "mip"}""");

        job.Problem.Should().BeNull();
        job.Model.Should().Be("/data/study/nets/a.onnx", "a relative model path is relative to the job file");
        job.Arguments.Should().Equal("/data/study/nets/a.onnx", "--lo", "-1", "--hi", "1,2.5", "--output-norm", "l1", "--solver", "glpk", "--method", "mip", "--time-limit", "30", "--gap", "0.001");
        job.Id.Should().Be("1", "the id defaults to the line number");
    }

    [Theory]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": "net", "part": "2/8"}""", null)]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": 17, "part": "8/8"}""", null)]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": "net"}""", "go together")]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "part": "1/2"}""", "go together")]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": "net", "part": "9/8"}""", "K/N")]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": "net", "part": 2}""", "K/N")]
    [InlineData("""{"model": "a.onnx", "lo": 0, "hi": 1, "split_of": "", "part": "1/2"}""", "non-empty")]
    public void Parse_split_fields_are_both_or_neither_and_part_is_k_of_n(string line, string? problem)
    {
        var job = Parse(line);

        if (problem is null)
        {
            job.Problem.Should().BeNull();
            job.Option("--lo").Should().Be("0", "split_of and part are not certify options");
            job.Arguments.Should().NotContain(a => a.Contains("split") || a.Contains("part"));
            SplitPart.Of(line).Should().NotBeNull();
        }
        else
        {
            job.Problem.Should().Contain(problem);
            SplitPart.Of(line).Should().BeNull();
        }
    }

    [Fact]
    public void Parse_keeps_absolute_paths_and_resolves_vector_files_like_models()
    {
        var job = Parse("""{"model": "/models/a.onnx", "center": "@x0.json", "eps": 0.1, "id": 17}""");

        job.Model.Should().Be("/models/a.onnx");
        job.Option("--center").Should().Be("@/data/study/x0.json");
        job.Id.Should().Be("17");
    }

    [Fact]
    public void Parse_adds_the_default_time_limit_only_to_jobs_without_one()
    {
        Parse("""{"model": "a.onnx", "lo": 0, "hi": 1}""", defaultLimit: 60).Option("--time-limit").Should().Be("60");
        Parse("""{"model": "a.onnx", "lo": 0, "hi": 1, "time_limit": 5}""", defaultLimit: 60).Option("--time-limit").Should().Be("5");
        Parse("""{"model": "a.onnx", "lo": 0, "hi": 1}""").Option("--time-limit").Should().BeNull();
    }

    [Fact]
    public void Hash_ignores_layout_and_key_order_but_not_values_or_the_default_limit()
    {
        var hash = Parse("""{"model": "a.onnx", "lo": [0, 1], "hi": 1}""").Hash;

        Parse("""{ "hi":1,"lo":[0,1],   "model":"a.onnx" }""").Hash.Should().Be(hash);
        Parse("""{"model": "a.onnx", "lo": [0, 1], "hi": 2}""").Hash.Should().NotBe(hash);
        Parse("""{"model": "a.onnx", "lo": [0, 1], "hi": 1}""", defaultLimit: 10).Hash.Should().NotBe(hash);
        Parse("""{"model": "a.onnx", "lo": [0, 1], "hi": 1, "time_limit": 3}""", defaultLimit: 10).Hash
            .Should().Be(Parse("""{"model": "a.onnx", "lo": [0, 1], "hi": 1, "time_limit": 3}""", defaultLimit: 99).Hash, "a job's own limit wins over the default");
        hash.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Theory]
    [InlineData("{\"model\": \"a.onnx\",", "The line is not valid JSON")]
    [InlineData("42", "The line is not a JSON object")]
    [InlineData("{\"lo\": 0, \"hi\": 1}", "The job names no model")]
    [InlineData("{\"model\": 3, \"lo\": 0, \"hi\": 1}", "The job names no model")]
    [InlineData("{\"model\": \"a.onnx\", \"low\": 0}", "Unknown field 'low'")]
    [InlineData("{\"model\": \"a.onnx\", \"lo\": {\"x\": 1}}", "The field 'lo' must be a number, a string or an array of numbers, but it is an object.")]
    [InlineData("{\"model\": \"a.onnx\", \"lo\": [0, [1]]}", "The field 'lo' must be")]
    [InlineData("{\"model\": \"a.onnx\", \"lo\": []}", "The field 'lo' must be")]
    [InlineData("{\"model\": \"a.onnx\", \"eps\": true}", "but it is a boolean.")]
    [InlineData("{\"model\": \"a.onnx\", \"id\": [1]}", "The field 'id' must be a string or a number.")]
    public void Parse_describes_what_is_wrong_with_a_line(string text, string problem)
    {
        var job = Parse(text, line: 4);

        job.Problem.Should().Contain(problem);
        job.Arguments.Should().BeEmpty();
        job.Line.Should().Be(4);
        job.Hash.Should().MatchRegex("^[0-9a-f]{64}$");
    }
}
