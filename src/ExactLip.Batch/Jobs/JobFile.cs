using System.Security.Cryptography;
using ExactLip.Core;

namespace ExactLip.Batch.Jobs;

/// <summary>
/// A JSON Lines job file: its non-blank lines (numbered as an editor numbers them, so a blank
/// line keeps the numbers of the lines after it) and the SHA-256 of its bytes, which a results
/// database remembers so that it is not continued with another file by mistake.
/// </summary>
public sealed class JobFile
{
    private JobFile(string path, IReadOnlyList<JobLine> lines, string sha256)
    {
        Path = path;
        Lines = lines;
        Sha256 = sha256;
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>The folder relative model paths are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public IReadOnlyList<JobLine> Lines { get; }

    public string Sha256 { get; }

    public static JobFile Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var bytes = UserFile.ReadAllBytes(full, $"The job file '{path}'");

        // A byte-order mark or a CR of a Windows line end is not part of a job.
        var text = new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        var lines = new List<JobLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(new JobLine(number, line));
            }
        }

        return new JobFile(full, lines, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
