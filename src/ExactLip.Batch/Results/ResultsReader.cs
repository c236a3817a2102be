using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core;
using Microsoft.Data.Sqlite;

namespace ExactLip.Batch.Results;

/// <summary>
/// Reads every row and bound history of a results database.
/// Implementation note: the file is opened read-write (never created) because a database left
/// by a killed batch still has its write-ahead log beside it, and only a writer may roll it
/// into the database; nothing is changed otherwise.
/// </summary>
public static class ResultsReader
{
    public static IReadOnlyList<JobRecord> Read(string path)
    {
        var full = Path.GetFullPath(path);
        UserFile.RequireNotDirectory(full, $"The results database '{path}'");
        if (!File.Exists(full))
        {
            throw new ExactLipException($"The results database '{path}' does not exist.");
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = ResultsStore.BusySeconds }.ToString());
            connection.Open();
            RequireResultsDatabase(connection, path);
            var histories = ReadHistories(connection);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT line, job_hash, id, model, job, status, stop, value, lower, upper, seconds, error, result, finished_utc FROM results ORDER BY line, finished_utc";
            using var reader = command.ExecuteReader();
            var rows = new List<JobRecord>();
            while (reader.Read())
            {
                var line = reader.GetInt32(0);
                var hash = reader.GetString(1);
                rows.Add(new JobRecord(
                    line,
                    hash,
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    Double(reader, 7),
                    Double(reader, 8),
                    Double(reader, 9),
                    reader.GetDouble(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11),
                    reader.GetString(12),
                    histories.TryGetValue((line, hash), out var history) ? history : Array.Empty<BoundPoint>(),
                    DateTime.Parse(reader.GetString(13), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
            }

            return rows;
        }
        catch (SqliteException e)
        {
            throw ResultsStore.Describe(path, e);
        }
    }

    private static void RequireResultsDatabase(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'format'";
        object? format;
        try
        {
            format = command.ExecuteScalar();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            format = null;
        }

        if (format as string != ResultsSchema.Format)
        {
            throw new ExactLipException($"'{path}' is an SQLite database but not an ExactLip results database.");
        }
    }

    private static Dictionary<(int, string), List<BoundPoint>> ReadHistories(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT line, job_hash, seconds, primal, dual FROM history ORDER BY line, job_hash, seq";
        using var reader = command.ExecuteReader();
        var histories = new Dictionary<(int, string), List<BoundPoint>>();
        while (reader.Read())
        {
            var key = (reader.GetInt32(0), reader.GetString(1));
            if (!histories.TryGetValue(key, out var list))
            {
                histories[key] = list = new List<BoundPoint>();
            }

            list.Add(new BoundPoint(reader.GetDouble(2), Double(reader, 3) ?? double.NegativeInfinity, Double(reader, 4) ?? double.PositiveInfinity));
        }

        return histories;
    }

    private static double? Double(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);
}
