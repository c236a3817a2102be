using System.CommandLine;
using System.CommandLine.Parsing;

namespace ExactLip.Cli;

/// <summary>
/// Turns the parser's complaints (unknown option, missing argument, a value that is not a
/// number) into the same one-sentence form as every other user error, instead of the parser's
/// own message followed by the whole help text.
/// </summary>
public static class CommandLineErrors
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var help = command is RootCommand ? "exactlip --help" : $"exactlip {command.Name} --help";

        // A mistyped word is the likeliest cause of every other complaint, so it comes first.
        if (parse.UnmatchedTokens.Count > 0)
        {
            return $"Unknown option or argument '{parse.UnmatchedTokens[0]}'; see '{help}'.";
        }

        var error = parse.Errors[0];
        var message = error.Message.Trim().TrimEnd('.');
        if (error.SymbolResult is OptionResult option && message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
        {
            // The parser names the CLR type (System.Nullable`1[System.Double]); say what to type.
            var token = option.Tokens.Count > 0 ? option.Tokens[^1].Value : string.Empty;
            var kind = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
            var expected = kind == typeof(int) ? "a whole number" : "a number";
            message = $"{option.Option.Name} expects {expected}, but got '{token}'";
        }

        return $"{message}; see '{help}'.";
    }
}
