using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

/// <summary>
/// The third-party models ship with the repository, unchanged and documented: PROVENANCE.md
/// lists every file with its SHA-256 (an edited file, or one added without its origin and
/// licence, fails here). Every model is checked against ONNX Runtime, or refused by the importer
/// in one sentence, by <see cref="ModelCheck.OnnxRuntimeAgreementTests"/>.
/// </summary>
public partial class ThirdPartyFixtureTests
{
    /// <summary>Files of the folder that are not copies of published files.</summary>
    private static readonly string[] OwnFiles = ["PROVENANCE.md", ".gitattributes"];

    [Fact]
    public void Provenance_ListsEveryFile_WithItsSha256()
    {
        var folder = Fixtures.ThirdPartyModels;
        var listed = ProvenanceRows(File.ReadAllText(Fixtures.ThirdParty("PROVENANCE.md")));
        var present = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Relative(folder, f))
            .Where(f => !OwnFiles.Contains(f))
            .Order(StringComparer.Ordinal);

        listed.Keys.Order(StringComparer.Ordinal).Should().Equal(present, "PROVENANCE.md lists exactly the files of {0}", folder);
        foreach (var (file, sha256) in listed)
        {
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file))))
                .Should().Be(sha256, $"{file} is the published file, unchanged");
        }
    }

    [Fact]
    public void ProvenanceRows_ReadPathAndSha256_FromTableRows()
    {
        const string text = """
            | file | SHA-256 | used for |
            |---|---|---|
            | `a/b.onnx` | `0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef` | a test |
            | `a/not-a-hash.vnnlib` | to be measured | nothing |
            """;

        ProvenanceRows(text).Should().Equal(new Dictionary<string, string> { ["a/b.onnx"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" });
    }

    /// <summary>The table rows of PROVENANCE.md that start with a file in backticks followed by its SHA-256 in backticks.</summary>
    private static Dictionary<string, string> ProvenanceRows(string text) =>
        ProvenanceRow().Matches(text).ToDictionary(m => m.Groups["file"].Value, m => m.Groups["sha"].Value, StringComparer.Ordinal);

    private static string Relative(string folder, string file) => Path.GetRelativePath(folder, file).Replace('\\', '/');

    [GeneratedRegex(@"^\s*\|\s*`(?<file>[^`]+)`\s*\|\s*`(?<sha>[0-9a-f]{64})`", RegexOptions.Multiline)]
    private static partial Regex ProvenanceRow();
}
