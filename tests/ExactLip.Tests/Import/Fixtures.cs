using System.Text.Json;

namespace ExactLip.Tests.Import;

/// <summary>
/// Paths to the committed fixtures and to the third-party models in ../shared/models (relative
/// to the repository root, found by walking up to ExactLip.sln). The shared models are always
/// present where these tests run, so their absence fails loudly instead of skipping.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Path(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, relative));

    public static string Model(string name) => Path($"fixtures/models/{name}");

    public static string SharedModels
    {
        get
        {
            var dir = Path("../shared/models");
            if (!Directory.Exists(dir))
            {
                throw new InvalidOperationException($"The shared models folder {dir} is missing; these tests need the third-party models beside the repository.");
            }

            return dir;
        }
    }

    public static string Shared(string relative) => System.IO.Path.Combine(SharedModels, relative);

    public static IEnumerable<string> ReferenceNames(string prefix, bool include) =>
        Directory.EnumerateFiles(Path("fixtures/references"), "*.json")
            .Select(f => System.IO.Path.GetFileNameWithoutExtension(f)!)
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) == include)
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
