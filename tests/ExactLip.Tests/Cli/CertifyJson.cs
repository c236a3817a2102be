using System.Text.Json.Nodes;
using FluentAssertions;

namespace ExactLip.Tests.Cli;

/// <summary>Reads a certify result and checks the fields scripts rely on, with their JSON types.</summary>
public static class CertifyJson
{
    public static JsonObject Load(string path) => Parse(File.ReadAllText(path));

    public static JsonObject Parse(string text)
    {
        var node = JsonNode.Parse(text) ?? throw new InvalidOperationException("The result is JSON null.");
        var json = node.AsObject();
        CheckContract(json);
        return json;
    }

    public static double Number(JsonObject json, string field) => json[field]!.GetValue<double>();

    public static string Text(JsonObject json, string field) => json[field]!.GetValue<string>();

    public static double[] Array(JsonNode? node) => node!.AsArray().Select(v => v!.GetValue<double>()).ToArray();

    private static void CheckContract(JsonObject json)
    {
        foreach (var field in new[] { "value", "lower", "upper", "status", "stop", "witness", "solver", "seconds", "nodes", "unstable_neurons", "binaries" })
        {
            json.ContainsKey(field).Should().BeTrue($"the result holds '{field}'");
        }

        if (json["value"] is { } value)
        {
            value.GetValue<double>().Should().BeGreaterThanOrEqualTo(0);
        }

        Number(json, "lower").Should().BeGreaterThanOrEqualTo(0);
        if (json["upper"] is { } upper)
        {
            upper.GetValue<double>().Should().BeGreaterThanOrEqualTo(Number(json, "lower"));
        }

        Text(json, "status").Should().BeOneOf("exact", "bounds");
        Text(json, "stop").Should().BeOneOf("optimal", "time_limit", "interrupted");
        Text(json, "solver").Should().NotBeEmpty();
        Number(json, "seconds").Should().BeGreaterThanOrEqualTo(0);
        json["nodes"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(0);
        json["unstable_neurons"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(0);
        var byBounds = json["unstable_by_bounds"]!.AsObject();
        byBounds["crown"]!.GetValue<int>().Should().BeLessThanOrEqualTo(byBounds["interval"]!.GetValue<int>(), "CROWN bounds are never looser");
        json["binaries"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(0);
        json["witness"]!.AsObject()["x"]!.AsArray().Should().NotBeEmpty();
        if (Text(json, "status") == "exact")
        {
            json["value"].Should().NotBeNull("an exact result has a value");
        }
        else
        {
            json["value"].Should().BeNull("a result that is not exact has no value");
        }
    }
}
