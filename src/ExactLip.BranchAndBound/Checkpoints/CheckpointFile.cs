using System.Globalization;
using System.Text.Json;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.BranchAndBound.Checkpoints;

/// <summary>
/// The checkpoint file: a JSON object with the format, the fingerprint and the
/// <see cref="FrontierState"/>. Written whole and renamed (<see cref="AtomicFile"/>), so a file is
/// always the state of one moment.
/// Implementation note: a search splits neurons far more often than the box, so most open
/// sub-domains share their box and their interior point with others; both are written once in a
/// table and named by index, which keeps the file small for inputs of hundreds of pixels. Numbers
/// are written in their shortest round-trip form, so every double reads back to the same bits;
/// infinite values as the strings "Infinity" and "-Infinity".
/// </summary>
public static class CheckpointFile
{
    public const string Format = "exactlip-checkpoint";
    public const int Version = 1;

    public static void Write(string path, CheckpointFingerprint fingerprint, FrontierState state)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(state);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", Version);
            json.WriteString("engine", CertificationMethod.Bab.Name());
            json.WriteStartObject("fingerprint");
            json.WriteString("model", fingerprint.Model);
            json.WriteString("box", fingerprint.Box);
            json.WriteString("quantity", fingerprint.Quantity);
            json.WriteString("options", fingerprint.Options);
            json.WriteEndObject();
            json.WritePropertyName("seconds");
            Number(json, state.Seconds);
            json.WritePropertyName("closed_upper");
            Number(json, state.ClosedUpper);
            json.WritePropertyName("unresolved_upper");
            Number(json, state.UnresolvedUpper);
            var n = state.Counts;
            json.WriteStartObject("counts");
            json.WriteNumber("bounded", n.Bounded);
            json.WriteNumber("closed", n.Closed);
            json.WriteNumber("leaves", n.Leaves);
            json.WriteNumber("empty", n.Empty);
            json.WriteNumber("empty_by_lp", n.EmptyByLp);
            json.WriteNumber("lps", n.Lps);
            json.WriteNumber("unverified", n.Unverified);
            json.WriteNumber("unresolved", n.Unresolved);
            json.WriteEndObject();
            json.WritePropertyName("witness");
            if (state.Witness is { } w)
            {
                json.WriteStartObject();
                Numbers(json, "x", w.X);
                Numbers(json, "c", w.C);
                json.WriteString("source", w.Source.Name());
                json.WriteEndObject();
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartArray("history");
            foreach (var h in state.History)
            {
                json.WriteStartArray();
                Number(json, h.Seconds);
                Number(json, h.Lower);
                Number(json, h.Upper);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            WriteOpen(json, state.Open);
            json.WriteEndObject();
        }

        AtomicFile.Write(path, Sealed(System.Text.Encoding.UTF8.GetString(buffer.ToArray())), "checkpoint");
    }

    /// <summary>The field that seals a checkpoint: last in the object, the SHA-256 of everything before it.</summary>
    private const string SealField = ",\"sha256\":\"";

    /// <summary>
    /// The object <paramref name="body"/> with the SHA-256 of its text added as its last field.
    /// Why: the file carries proven bounds (the closed parts' bound, each open sub-domain's) that a
    /// resumed run takes without redoing their work, so a file changed after it was written (a
    /// flipped bit, an edit) must be refused, not read as a bound.
    /// </summary>
    private static string Sealed(string body) =>
        body[..^1] + SealField + Hash(body[..^1]) + "\"}";

    /// <summary>Whether the file ends with a seal that matches the text before it.</summary>
    private static bool IsSealed(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var at = text.LastIndexOf(SealField, StringComparison.Ordinal);
        return at >= 0 && text.EndsWith("\"}", StringComparison.Ordinal)
            && string.Equals(text[(at + SealField.Length)..^2], Hash(text[..at]), StringComparison.Ordinal);
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// Reads a checkpoint written for <paramref name="expected"/>; one sentence when the file is
    /// damaged (<see cref="ExactLipException"/>) or belongs to another run
    /// (<see cref="CheckpointMismatchException"/>).
    /// </summary>
    public static FrontierState Read(string path, CheckpointFingerprint expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var bytes = UserFile.ReadAllBytes(path, $"The checkpoint '{path}'");
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw Damaged(path, "it names no ExactLip checkpoint format");
            }

            if (!IsSealed(bytes))
            {
                throw Damaged(path, "its content does not match the SHA-256 it was written with");
            }

            if (root.GetProperty("version").GetInt32() != Version)
            {
                throw Damaged(path, $"it is of format version {root.GetProperty("version").GetInt32()}, this ExactLip reads version {Version}");
            }

            var f = root.GetProperty("fingerprint");
            var found = new CheckpointFingerprint(Text(f, "model"), Text(f, "box"), Text(f, "quantity"), Text(f, "options"));
            if (expected.Difference(found) is { } difference)
            {
                throw new CheckpointMismatchException($"The checkpoint '{path}' was written for {difference}; give the command that wrote it, or another --checkpoint file.");
            }

            var counts = root.GetProperty("counts");
            SavedWitness? witness = null;
            if (root.GetProperty("witness") is { ValueKind: JsonValueKind.Object } w)
            {
                witness = new SavedWitness(Numbers(w.GetProperty("x")), Numbers(w.GetProperty("c")), Source(w.GetProperty("source").GetString()));
            }

            var history = root.GetProperty("history").EnumerateArray()
                .Select(h => new BoundPoint(Number(h[0]), Number(h[1]), Number(h[2])))
                .ToArray();
            return new FrontierState(
                ReadOpen(root),
                Number(root.GetProperty("closed_upper")),
                Number(root.GetProperty("unresolved_upper")),
                witness,
                history,
                Number(root.GetProperty("seconds")),
                new SearchCounts(
                    counts.GetProperty("bounded").GetInt64(),
                    counts.GetProperty("closed").GetInt64(),
                    counts.GetProperty("leaves").GetInt64(),
                    counts.GetProperty("empty").GetInt64(),
                    counts.GetProperty("lps").GetInt64(),
                    counts.GetProperty("unverified").GetInt64(),
                    counts.GetProperty("unresolved").GetInt64(),
                    counts.TryGetProperty("empty_by_lp", out var byLp) ? byLp.GetInt64() : 0));
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"not complete JSON: {Abbreviate(e.Message)}");
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException or ArgumentException)
        {
            throw Damaged(path, "a field is missing or of the wrong kind");
        }
    }

    /// <summary>The sentence for a checkpoint that cannot be used as it is.</summary>
    public static ExactLipException Damaged(string path, string why) =>
        new($"The checkpoint '{path}' is damaged or not an ExactLip checkpoint ({why}); delete it to start the search afresh, or give another --checkpoint file.");

    private static void WriteOpen(Utf8JsonWriter json, IReadOnlyList<OpenSubDomain> open)
    {
        var boxes = new Dictionary<Box, int>(ReferenceEqualityComparer.Instance);
        var points = new Dictionary<double[], int>(ReferenceEqualityComparer.Instance);
        foreach (var d in open)
        {
            boxes.TryAdd(d.Box, boxes.Count);
            points.TryAdd(d.Point, points.Count);
        }

        json.WriteStartArray("boxes");
        foreach (var box in boxes.Keys)
        {
            json.WriteStartObject();
            Numbers(json, "lo", box.Lower.ToArray());
            Numbers(json, "hi", box.Upper.ToArray());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("points");
        foreach (var point in points.Keys)
        {
            json.WriteStartArray();
            foreach (var v in point)
            {
                Number(json, v);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("open");
        foreach (var d in open)
        {
            json.WriteStartObject();
            json.WriteNumber("box", boxes[d.Box]);
            json.WriteString("signs", new string(d.Signs.Select(s => s > 0 ? '+' : s < 0 ? '-' : '0').ToArray()));
            json.WriteNumber("depth", d.Depth);
            json.WritePropertyName("upper");
            Number(json, d.Upper);
            json.WriteNumber("point", points[d.Point]);
            json.WriteStartArray("path");
            foreach (var step in d.Path)
            {
                json.WriteNumberValue(step);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static OpenSubDomain[] ReadOpen(JsonElement root)
    {
        var boxes = root.GetProperty("boxes").EnumerateArray().Select(b => new Box(Numbers(b.GetProperty("lo")), Numbers(b.GetProperty("hi")))).ToArray();
        var points = root.GetProperty("points").EnumerateArray().Select(Numbers).ToArray();
        return root.GetProperty("open").EnumerateArray().Select(d => new OpenSubDomain(
            boxes[d.GetProperty("box").GetInt32()],
            d.GetProperty("signs").GetString()!.Select(Sign).ToArray(),
            d.GetProperty("depth").GetInt32(),
            Number(d.GetProperty("upper")),
            points[d.GetProperty("point").GetInt32()],
            d.TryGetProperty("path", out var path) ? path.EnumerateArray().Select(step => step.GetInt32()).ToArray() : [])).ToArray();
    }

    private static sbyte Sign(char c) => c switch
    {
        '+' => 1,
        '-' => -1,
        '0' => 0,
        _ => throw new FormatException($"'{c}' is not a sign."),
    };

    private static WitnessSource Source(string? name) =>
        Enum.GetValues<WitnessSource>().FirstOrDefault(s => s.Name() == name, WitnessSource.Start);

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? throw new FormatException($"{name} is null.");

    private static void Number(Utf8JsonWriter json, double v)
    {
        if (double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteStringValue(v.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            Number(json, v);
        }

        json.WriteEndArray();
    }

    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? double.Parse(e.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
        : e.GetDouble();

    private static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(Number).ToArray();

    private static string Abbreviate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
