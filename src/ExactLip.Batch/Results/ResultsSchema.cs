namespace ExactLip.Batch.Results;

/// <summary>
/// The tables of a results database (a contract for anyone reading it with sqlite3 or pandas).
/// results: one row per finished job, keyed by (line, job_hash); history: its bound history,
/// one row per point; meta: what the database was made from.
/// </summary>
internal static class ResultsSchema
{
    public const string Format = "exactlip-batch-results";
    public const string Version = "1";

    public const string Create = """
        CREATE TABLE IF NOT EXISTS meta(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS results(
            line INTEGER NOT NULL,
            job_hash TEXT NOT NULL,
            id TEXT NOT NULL,
            model TEXT,
            job TEXT NOT NULL,
            status TEXT NOT NULL,
            stop TEXT NOT NULL,
            value REAL,
            lower REAL,
            upper REAL,
            seconds REAL NOT NULL,
            error TEXT,
            result TEXT NOT NULL,
            finished_utc TEXT NOT NULL,
            PRIMARY KEY(line, job_hash));
        CREATE TABLE IF NOT EXISTS history(
            line INTEGER NOT NULL,
            job_hash TEXT NOT NULL,
            seq INTEGER NOT NULL,
            seconds REAL NOT NULL,
            primal REAL,
            dual REAL,
            PRIMARY KEY(line, job_hash, seq));
        """;
}
