namespace ExactLip.Core;

/// <summary>
/// Writes a whole text file under a temporary name and renames it, so a crash never leaves half a
/// file: a reader sees the old file or the new one. The temporary file is flushed to disk before
/// the rename, so after a power cut the new name never points at a file whose data was lost.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string text, string what)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExactLipException($"Cannot write the {what} to '{path}' ({UserFile.Reason(e)}); check the path and its permissions.");
        }
    }

    /// <summary>Checked before a long run, so a mistyped path does not cost the run its result.</summary>
    public static void RequireDirectory(string? path, string option)
    {
        if (path is null || path == "-")
        {
            return;
        }

        UserFile.RequireNotDirectory(path, $"The {option} file {path}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ExactLipException($"The directory {directory} of the {option} file does not exist.");
        }
    }
}
