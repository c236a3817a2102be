using System.Text.Json;

namespace ExactLip.Tests.Import;

/// <summary>
/// Paths to the committed fixtures (relative to the repository root, found by walking up to
/// ExactLip.sln), third-party models included: everything a test reads ships with the
/// repository, so a missing file fails the test with its path instead of skipping it.
/// </summary>
public static class Fixtures
{
    /// <summary>The models published by others, copied unchanged; PROVENANCE.md there gives each one's origin and licence.</summary>
    public const string ThirdPartyFolder = "fixtures/models/third-party";

    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, relative));

    public static string Model(string name) => Path($"fixtures/models/{name}");

    public static string ThirdPartyModels => Existing(ThirdPartyFolder);

    /// <summary>A file or folder of <see cref="ThirdPartyFolder"/>, e.g. "acasxu/prop_1.vnnlib"; it must exist.</summary>
    public static string ThirdParty(string relative) => Existing($"{ThirdPartyFolder}/{relative}");

    /// <summary>
    /// The full path of a committed fixture that must exist. A test reading a missing file would
    /// otherwise fail later with a message about the model or the option instead of the file.
    /// </summary>
    public static string Existing(string relative)
    {
        var path = Path(relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"The fixture {relative} is missing from {RepositoryRoot}; the tests read it from the repository (fixtures/models/third-party/PROVENANCE.md says where each third-party file comes from).", path);
        }

        return path;
    }

    public static IEnumerable<string> ReferenceNames() =>
        Directory.EnumerateFiles(Path("fixtures/references"), "*.json")
            .Select(f => System.IO.Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal);

    public static Reference LoadReference(string name)
    {
        var json = File.ReadAllText(Path($"fixtures/references/{name}.json"));
        return JsonSerializer.Deserialize<Reference>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidOperationException($"Reference {name} is empty.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ExactLip.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds ExactLip.sln.");
    }
}
