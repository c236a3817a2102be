namespace ExactLip.Core;

/// <summary>
/// What the user called the corners, centre and radius of a box (a command's option names, say),
/// so that a sentence about a bad value names what the user typed. The library knows no option
/// names: empty names leave the sentences plain.
/// </summary>
public sealed record BoxNames(string Lower = "", string Upper = "", string Center = "", string Radius = "")
{
    public static BoxNames None { get; } = new();

    /// <summary>"The lower bound --lo" for a named value, "The lower bound" for an unnamed one.</summary>
    internal static string Called(string what, string name) => name.Length == 0 ? what : $"{what} {name}";
}
