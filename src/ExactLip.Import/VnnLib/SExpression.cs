namespace ExactLip.Import.VnnLib;

/// <summary>A parsed s-expression of a vnnlib file: an atom or a list. Comments run from ';' to the end of the line.</summary>
internal sealed class SExpression
{
    private SExpression(string? atom, List<SExpression> items)
    {
        Atom = atom;
        Items = items;
    }

    public string? Atom { get; }

    public List<SExpression> Items { get; }

    /// <summary>True for a list whose head is the atom <paramref name="head"/>.</summary>
    public bool Is(string head) => Atom is null && Items.Count > 0 && Items[0].Atom == head;

    public static List<SExpression> ParseAll(string text)
    {
        var stack = new Stack<List<SExpression>>();
        var top = new List<SExpression>();
        var current = top;
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == ';')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (ch == '(')
            {
                stack.Push(current);
                var list = new List<SExpression>();
                current.Add(new SExpression(null, list));
                current = list;
                i++;
            }
            else if (ch == ')')
            {
                current = stack.Count > 0 ? stack.Pop() : throw new FormatException($"an unmatched ')' at character {i}");
                i++;
            }
            else if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ';'))
                {
                    i++;
                }

                current.Add(new SExpression(text[start..i], new List<SExpression>()));
            }
        }

        return stack.Count == 0 ? top : throw new FormatException($"{stack.Count} unclosed '('");
    }
}
