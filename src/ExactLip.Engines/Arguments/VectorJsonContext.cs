using System.Text.Json.Serialization;

namespace ExactLip.Engines.Arguments;

/// <summary>
/// The JSON reader for <c>@file.json</c> vectors, generated at compile time: the published
/// exactlip is a Native AOT executable, where reflection-based serialization is not available.
/// </summary>
[JsonSerializable(typeof(double[]))]
internal sealed partial class VectorJsonContext : JsonSerializerContext;
