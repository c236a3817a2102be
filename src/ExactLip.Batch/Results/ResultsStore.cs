using System.Globalization;
using ExactLip.Core;
using Microsoft.Data.Sqlite;

namespace ExactLip.Batch.Results;

/// <summary>
/// The results database a batch writes: one transaction per finished job, committed the moment
/// the job ends. Thread-safe (writes are serialised).
/// Implementation note on crash safety: journal_mode=WAL appends each commit to the write-ahead
/// log, so a process killed at any moment (kill -9, out of memory) leaves every committed job
/// and no trace of an uncommitted one; the next open rolls the log forward. synchronous=FULL
/// makes each commit wait for an fsync of the log: NORMAL would already survive a killed
/// process, but after a power cut or a kernel panic it may drop the last commits, and a job is
/// minutes to hours of solver time against one fsync. locking_mode=EXCLUSIVE keeps the
/// database to this process while the batch runs: a second batch on the same file is refused
/// with a clear message instead of interleaving, and WAL then needs no shared-memory file, so
/// the database also works on the network file systems of clusters.
/// </summary>
public sealed class ResultsStore : IDisposable
{
    /// <summary>
    /// How long a statement waits for a database another process holds. Only another batch (or
    /// a report) can hold it, and it holds it for its whole run, so waiting longer is pointless.
    /// </summary>
    internal const int BusySeconds = 2;

    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private ResultsStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>
    /// Opens (or creates) the database for a job file and shard. A database that already holds
    /// results of another job file or shard is refused unless <paramref name="resume"/> is set,
    /// so a mistyped --results does not mix two studies.
    /// </summary>
    public static ResultsStore Open(string path, string jobFile, string jobFileSha256, string shard, bool resume)
    {
        var full = System.IO.Path.GetFullPath(path);
        UserFile.RequireNotDirectory(full, $"The results database '{path}'");
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ExactLipException($"The directory {directory} of the results database does not exist.");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = BusySeconds }.ToString());
        var store = new ResultsStore(full, connection);
        try
        {
            connection.Open();
            store.Execute("PRAGMA locking_mode=EXCLUSIVE;");
            store.Execute("PRAGMA journal_mode=WAL;");
            store.Execute("PRAGMA synchronous=FULL;");
            store.Initialise(jobFile, jobFileSha256, shard, resume);
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw Describe(path, e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The (line, hash) of every job recorded as finished; interrupted ones are not finished.</summary>
    public IReadOnlySet<(int Line, string Hash)> Finished()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT line, job_hash FROM results WHERE stop <> $interrupted";
            command.Parameters.AddWithValue("$interrupted", JobRecord.InterruptedStop);
            using var reader = command.ExecuteReader();
            var keys = new HashSet<(int, string)>();
            while (reader.Read())
            {
                keys.Add((reader.GetInt32(0), reader.GetString(1)));
            }

            return keys;
        }
    }

    /// <summary>Records a finished job and its history in one transaction (replacing an interrupted attempt).</summary>
    public void Write(JobRecord record)
    {
        lock (_gate)
        {
            try
            {
                using var transaction = _connection.BeginTransaction();
                using (var delete = _connection.CreateCommand())
                {
                    delete.Transaction = transaction;
                    delete.CommandText = "DELETE FROM history WHERE line = $line AND job_hash = $hash";
                    delete.Parameters.AddWithValue("$line", record.Line);
                    delete.Parameters.AddWithValue("$hash", record.JobHash);
                    delete.ExecuteNonQuery();
                }

                using (var insert = _connection.CreateCommand())
                {
                    insert.Transaction = transaction;
                    insert.CommandText = """
                        INSERT OR REPLACE INTO results(line, job_hash, id, model, job, status, stop, value, lower, upper, seconds, error, result, finished_utc)
                        VALUES($line, $hash, $id, $model, $job, $status, $stop, $value, $lower, $upper, $seconds, $error, $result, $finished)
                        """;
                    insert.Parameters.AddWithValue("$line", record.Line);
                    insert.Parameters.AddWithValue("$hash", record.JobHash);
                    insert.Parameters.AddWithValue("$id", record.Id);
                    insert.Parameters.AddWithValue("$model", (object?)record.Model ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$job", record.Job);
                    insert.Parameters.AddWithValue("$status", record.Status);
                    insert.Parameters.AddWithValue("$stop", record.Stop);
                    insert.Parameters.AddWithValue("$value", Nullable(record.Value));
                    insert.Parameters.AddWithValue("$lower", Nullable(record.Lower));
                    insert.Parameters.AddWithValue("$upper", Nullable(record.Upper));
                    insert.Parameters.AddWithValue("$seconds", record.Seconds);
                    insert.Parameters.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
                    insert.Parameters.AddWithValue("$result", record.Result);
                    insert.Parameters.AddWithValue("$finished", record.FinishedUtc.ToString("O", CultureInfo.InvariantCulture));
                    insert.ExecuteNonQuery();
                }

                using (var point = _connection.CreateCommand())
                {
                    point.Transaction = transaction;
                    point.CommandText = "INSERT INTO history(line, job_hash, seq, seconds, primal, dual) VALUES($line, $hash, $seq, $seconds, $primal, $dual)";
                    var seq = point.Parameters.Add("$seq", SqliteType.Integer);
                    var seconds = point.Parameters.Add("$seconds", SqliteType.Real);
                    var primal = point.Parameters.Add("$primal", SqliteType.Real);
                    var dual = point.Parameters.Add("$dual", SqliteType.Real);
                    point.Parameters.AddWithValue("$line", record.Line);
                    point.Parameters.AddWithValue("$hash", record.JobHash);
                    for (var i = 0; i < record.History.Count; i++)
                    {
                        seq.Value = i;
                        seconds.Value = record.History[i].Seconds;
                        primal.Value = Nullable(record.History[i].Lower);
                        dual.Value = Nullable(record.History[i].Upper);
                        point.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
            }
            catch (SqliteException e)
            {
                throw new ExactLipException($"Cannot record job {record.Id} in the results database '{Path}': {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
    }

    internal static ExactLipException Describe(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => new ExactLipException($"The results database '{path}' is in use by another batch run."),
        26 => new ExactLipException($"'{path}' is not an ExactLip results database (it is not an SQLite file)."),
        _ => new ExactLipException($"Cannot use the results database '{path}': {e.Message}"),
    };

    private static object Nullable(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;

    private void Initialise(string jobFile, string jobFileSha256, string shard, bool resume)
    {
        using var transaction = _connection.BeginTransaction();
        Execute(ResultsSchema.Create, transaction);
        var meta = ReadMeta(transaction);
        var rows = Convert.ToInt64(Scalar("SELECT COUNT(*) FROM results", transaction), CultureInfo.InvariantCulture);
        if (meta.TryGetValue("format", out var format) && format != ResultsSchema.Format)
        {
            throw new ExactLipException($"'{Path}' is an SQLite database but not an ExactLip results database.");
        }

        if (!meta.ContainsKey("format") && rows == 0 && Convert.ToInt64(Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('meta', 'results', 'history')", transaction), CultureInfo.InvariantCulture) > 0)
        {
            throw new ExactLipException($"'{Path}' is an SQLite database but not an ExactLip results database.");
        }

        if (rows > 0 && !resume && meta.TryGetValue("job_file_sha256", out var sha) && meta.TryGetValue("shard", out var oldShard)
            && (sha != jobFileSha256 || oldShard != shard))
        {
            var what = sha != jobFileSha256 ? $"another version of the job file (or another file: {meta.GetValueOrDefault("job_file")})" : $"shard {oldShard}";
            throw new ResultsOfAnotherRunException(Path, rows, what);
        }

        var values = new Dictionary<string, string>
        {
            ["format"] = ResultsSchema.Format,
            ["version"] = ResultsSchema.Version,
            ["job_file"] = jobFile,
            ["job_file_sha256"] = jobFileSha256,
            ["shard"] = shard,
        };
        if (!meta.ContainsKey("created_utc"))
        {
            values["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in values)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES($key, $value)";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private Dictionary<string, string> ReadMeta(SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT key, value FROM meta";
        using var reader = command.ExecuteReader();
        var meta = new Dictionary<string, string>();
        while (reader.Read())
        {
            meta[reader.GetString(0)] = reader.GetString(1);
        }

        return meta;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
