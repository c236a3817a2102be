using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.Json;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

public class JsonNetworkFormatTests
{
    [Fact]
    public void SaveThenLoad_RoundTripsExactly()
    {
        var rng = new Random(9);
        var net = RandomNetworks.Mlp(rng, 3, new[] { 5, 4 }, 2);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"exactlip-{Guid.NewGuid():N}.json");
        try
        {
            JsonNetworkFormat.Save(net, path);
            var back = ModelLoader.Load(path);
            back.Layers.Select(l => l.Kind).Should().Equal(net.Layers.Select(l => l.Kind));
            var x = new[] { 0.3, -0.2, 0.9 };
            back.Forward(x).Should().Equal(net.Forward(x));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Save_OfAnImportedConvNet_KeepsItsFunction()
    {
        var net = ModelLoader.Load(Fixtures.Model("conv_net.onnx"));
        var back = JsonNetworkFormat.Parse(JsonNetworkFormat.Serialize(net), "conv_net.json");
        var x = Enumerable.Range(0, net.InputSize).Select(i => Math.Sin(i)).ToArray();
        back.Forward(x).Should().Equal(net.Forward(x), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Parse_ExampleFromTheDocs()
    {
        const string json = """
            {"format":"exactlip-json","version":1,"input_shape":[2],"layers":[
              {"type":"dense","weights":[[1.0,-2.0],[0.5,0.0],[3.0,1.0]],"bias":[0.0,0.1,-0.2]},
              {"type":"relu"},
              {"type":"dense","weights":[[1.0,1.0,-1.0]],"bias":[0.0]}]}
            """;
        var net = JsonNetworkFormat.Parse(json, "doc.json");
        net.Forward(new[] { 1.0, 1.0 }).Should().Equal(0 + 0.6 - 3.8);
    }

    [Fact]
    public void LeakyRelu_Alpha_RoundTrips_AndIsLeftOutForRelu()
    {
        var rng = new Random(10);
        var net = RandomNetworks.Mlp(rng, 3, new[] { 5 }, 2, negativeSlope: 0.125);
        var text = JsonNetworkFormat.Serialize(net);
        text.Should().Contain("\"alpha\":0.125");
        var back = JsonNetworkFormat.Parse(text, "leaky.json");
        ((ExactLip.Network.Layers.ReluLayer)back.Layers[1]).NegativeSlope.Should().Be(0.125);
        var x = new[] { 0.3, -0.2, 0.9 };
        back.Forward(x).Should().Equal(net.Forward(x));
        JsonNetworkFormat.Serialize(RandomNetworks.Mlp(rng, 3, new[] { 5 }, 2)).Should().NotContain("alpha");
    }

    [Fact]
    public void Parse_ReluWithAlpha_IsLeakyRelu()
    {
        const string json = """
            {"format":"exactlip-json","version":1,"input_shape":[1],"layers":[
              {"type":"relu","alpha":0.25}]}
            """;
        var net = JsonNetworkFormat.Parse(json, "leaky.json");
        net.Forward(new[] { -2.0 }).Should().Equal(-0.5);
        net.Forward(new[] { 3.0 }).Should().Equal(3);
    }

    [Theory]
    [InlineData("{", "is not valid JSON")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":1,\"input_shape\":[2],\"layers\":[{\"type\":\"relu\",\"alpha\":1.5}]}", "\"alpha\" 1.5; it must be a number in [0, 1)")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":1,\"input_shape\":[2],\"layers\":[{\"type\":\"relu\",\"alpha\":\"x\"}]}", "Layer 0 (relu)")]
    [InlineData("{\"format\":\"other\"}", "is not an ExactLip JSON network")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":2,\"input_shape\":[1],\"layers\":[]}", "version 2")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":1,\"input_shape\":[2],\"layers\":[{\"type\":\"dense\",\"weights\":[[1]],\"bias\":[0]}]}", "Layer 0 (dense)")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":1,\"input_shape\":[2],\"layers\":[{\"type\":\"tanh\"}]}", "type 'tanh'")]
    [InlineData("{\"format\":\"exactlip-json\",\"version\":1,\"input_shape\":[2],\"layers\":[{\"type\":\"dense\",\"weights\":\"x\"}]}", "malformed")]
    public void Parse_BadFile_GivesOneSentence(string json, string expected)
    {
        var e = FluentActions.Invoking(() => JsonNetworkFormat.Parse(json, "bad.json")).Should().Throw<ModelFormatException>().Which;
        e.Message.Should().Contain(expected).And.Contain("bad.json").And.NotContain("\n");
    }

    [Fact]
    public void Load_MissingFile_Fails()
    {
        FluentActions.Invoking(() => ModelLoader.Load("/nonexistent/net.json")).Should().Throw<ModelFormatException>().WithMessage("*does not exist*");
    }

    [Fact]
    public void Save_MaxPoolNetwork_IsRefused()
    {
        var net = ModelLoader.Load(Fixtures.Model("pool_net.onnx"));
        FluentActions.Invoking(() => JsonNetworkFormat.Serialize(net)).Should().Throw<ExactLipException>().WithMessage("*maxpool*ONNX*");
    }
}
