using System.Text;
using System.Text.RegularExpressions;
using ExactLip.Tests.Import;

namespace ExactLip.Tests.Cli;

/// <summary>
/// One bad-input case read from Cases/*.case (the format is described in Cases/README.md).
/// Placeholders are expanded when the case runs, so the files hold no machine-specific paths.
/// </summary>
public sealed partial class CaseFile
{
    private readonly List<string> _args = [];
    private readonly List<(string Name, string Content)> _files = [];
    private readonly List<string> _directories = [];
    private readonly List<string> _fragments = [];
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    public string Name { get; }

    public int Exit { get; private set; } = -1;

    public IReadOnlyList<string> StderrFragments => _fragments;

    /// <summary>Environment variables set for the run.</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    private CaseFile(string name) => Name = name;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Cli", "Cases");

    public static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder, "*.case").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static CaseFile Load(string name)
    {
        var result = new CaseFile(name);
        var number = 0;
        foreach (var raw in File.ReadAllLines(Path.Combine(Folder, name + ".case")))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"{name}.case line {number}: expected 'key: value'.");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "args":
                    result._args.AddRange(Split(value, name, number));
                    break;
                case "exit":
                    result.Exit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "stderr-contains":
                    result._fragments.Add(value);
                    break;
                case "file":
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    result._files.Add(space < 0 ? (value, string.Empty) : (value[..space], value[(space + 1)..]));
                    break;
                case "dir":
                    result._directories.Add(value);
                    break;
                case "env":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new FormatException($"{name}.case line {number}: expected 'env: NAME=VALUE'.");
                    }

                    result._environment[value[..equals]] = value[(equals + 1)..];
                    break;
                default:
                    throw new FormatException($"{name}.case line {number}: unknown key '{key}'.");
            }
        }

        if (result.Exit < 0 || result._fragments.Count == 0)
        {
            throw new FormatException($"{name}.case needs an 'exit:' line and at least one 'stderr-contains:' line.");
        }

        return result;
    }

    /// <summary>Makes the case's folders and files in <paramref name="tmp"/> and returns the arguments with placeholders expanded.</summary>
    public IReadOnlyList<string> Prepare(string tmp)
    {
        foreach (var directory in _directories)
        {
            Directory.CreateDirectory(Path.Combine(tmp, directory));
        }

        foreach (var (file, content) in _files)
        {
            File.WriteAllText(Path.Combine(tmp, file), content);
        }

        return _args.Select(a => Expand(a, tmp)).ToArray();
    }

    public string Expand(string text, string tmp)
    {
        var expanded = text
            .Replace("{fixtures}", Fixtures.Path("fixtures"), StringComparison.Ordinal)
            .Replace("{third-party}", Fixtures.ThirdPartyModels, StringComparison.Ordinal)
            .Replace("{tmp}", tmp, StringComparison.Ordinal);

        // An unknown placeholder would reach the program as a path that does not exist, and a
        // case expecting some other error about that argument could then pass for the wrong reason.
        var unknown = UnknownPlaceholder().Match(expanded);
        return unknown.Success
            ? throw new FormatException($"{Name}.case: unknown placeholder {unknown.Value}; the placeholders are {{fixtures}}, {{third-party}} and {{tmp}}.")
            : expanded;
    }

    /// <summary>Shell-like splitting: blanks separate arguments, single or double quotes keep blanks (no escapes).</summary>
    private static IEnumerable<string> Split(string text, string name, int number)
    {
        var current = new StringBuilder();
        var inToken = false;
        char? quote = null;
        foreach (var ch in text)
        {
            if (quote is { } q)
            {
                if (ch == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch is '"' or '\'')
            {
                quote = ch;
                inToken = true;
            }
            else if (char.IsWhiteSpace(ch))
            {
                if (inToken)
                {
                    yield return current.ToString();
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(ch);
                inToken = true;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"{name}.case line {number}: unclosed quote.");
        }

        if (inToken)
        {
            yield return current.ToString();
        }
    }

    [GeneratedRegex(@"\{[a-z][a-z-]*\}")]
    private static partial Regex UnknownPlaceholder();
}
