namespace ExactLip.Core;

/// <summary>
/// Reads and checks files a user names (models, property files, @file.json vectors, output
/// paths). Every way such a file can fail (absent, a directory, unreadable, an I/O error) is one
/// sentence that names it, never an exception a user has to decode.
/// </summary>
public static class UserFile
{
    /// <param name="path">The file.</param>
    /// <param name="subject">How the file is named in messages, e.g. "The model file net.onnx".</param>
    /// <param name="error">Makes the exception for a message (a model reader throws its own kind).</param>
    public static byte[] ReadAllBytes(string path, string subject, Func<string, ExactLipException>? error = null) =>
        Read(path, subject, File.ReadAllBytes, error ?? Plain);

    /// <inheritdoc cref="ReadAllBytes"/>
    public static string ReadAllText(string path, string subject, Func<string, ExactLipException>? error = null) =>
        Read(path, subject, File.ReadAllText, error ?? Plain);

    /// <summary>Throws the one sentence for a path that names an existing directory.</summary>
    public static void RequireNotDirectory(string path, string subject, Func<string, ExactLipException>? error = null)
    {
        if (Directory.Exists(path))
        {
            throw (error ?? Plain)($"{subject} is a directory; give a file name.");
        }
    }

    private static ExactLipException Plain(string message) => new(message);

    private static T Read<T>(string path, string subject, Func<string, T> read, Func<string, ExactLipException> error)
    {
        RequireNotDirectory(path, subject, error);
        if (!File.Exists(path))
        {
            throw error($"{subject} does not exist; check the path.");
        }

        try
        {
            return read(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw error($"{subject} cannot be read (permission denied); check its permissions.");
        }
        catch (IOException e)
        {
            throw error($"{subject} cannot be read ({Reason(e)}); check the file and its disk.");
        }
    }

    /// <summary>The system's reason without the path .NET appends (" : '/x'") or a final period.</summary>
    public static string Reason(Exception e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" : '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim().TrimEnd('.');
    }
}
