using System.CommandLine;
using System.Globalization;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Results;
using ExactLip.Batch.Running;
using ExactLip.Core;
using ExactLip.Engines.Arguments;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip batch JOBS --results RESULTS</c>: runs the certify jobs of a JSON Lines file and
/// records each in an SQLite database the moment it ends. Rerunning the same command after a
/// crash, a kill or Ctrl-C runs only the jobs not recorded yet. Exit code 0 when every job of
/// the shard is recorded (failed ones included), <see cref="Incomplete"/> when an interrupt left
/// jobs to run, so a scheduler that requeues on failure finishes the work.
/// </summary>
public static class BatchCommand
{
    public const int Incomplete = 3;

    public static Command Create()
    {
        var jobs = new Argument<string>("JOBS") { Description = "JSON Lines file: one job per line, whose fields are certify's long option names with _ for - (model, lo, hi, center, eps, norm, c, output_norm, solver, method, time_limit, gap, …) and an optional id." };
        var results = new Option<string>("--results") { Description = "The SQLite results database (created if absent, continued if present).", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Jobs run at once.", DefaultValueFactory = _ => 1 };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Time limit in seconds (at most 2000000) of each job that sets no time_limit of its own." };
        var shard = new Option<string?>("--shard") { Description = "Run only part K of N (K/N): the jobs on lines L with (L-1) mod N = K-1." };
        var resume = new Option<bool>("--resume") { Description = "Continue a database made from another version of the job file (or another shard); jobs whose line changed run again." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var checkpointInterval = new Option<double?>("--checkpoint-interval") { Description = "Seconds between two saves of a branch-and-bound job's checkpoint (default 5); the checkpoints live in RESULTS.checkpoints/ until the job is recorded." };

        var command = new Command("batch", "Run many certify jobs from a JSON Lines file, recording each in an SQLite database; survives crashes and resumes.");
        command.Arguments.Add(jobs);
        foreach (var o in new Option[] { results, parallel, timeLimit, shard, resume, quiet, checkpointInterval })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var file = JobFile.Read(parse.GetValue(jobs)!);
            var part = parse.GetValue(shard) is { } text ? Shard.Parse(text, "--shard") : Shard.All;
            var workers = CertifyArgumentChecks.AtLeastOne(parse.GetValue(parallel), "--parallel");
            var defaultLimit = CertifyArgumentChecks.TimeLimit(parse.GetValue(timeLimit))?.TotalSeconds;
            var batch = file.Lines.Where(l => part.Includes(l.Number)).Select(l => JobParser.Parse(l, file.Directory, defaultLimit)).ToArray();
            var resultsPath = parse.GetValue(results)!;
            var interval = parse.GetValue(checkpointInterval) is { } seconds ? TimeSpan.FromSeconds(Core.Preconditions.Positive(seconds, "--checkpoint-interval")) : (TimeSpan?)null;
            var quietRun = parse.GetValue(quiet);
            var plainLines = !quietRun && !LiveProgress.Available;

            using var store = OpenResults(resultsPath, file, part, parse.GetValue(resume));
            using var interrupt = new InterruptHandler();
            // Each job's result is certify's JSON for the same options.
            var executor = new JobCertifier(
                job => new CertificateRecord(job.Certificate, job.ModelPath, job.Request.Box, job.Request.Quantity, job.Request.Options).ToJson(),
                workers,
                job => WitnessCrossCheck.Apply(job.Certificate, job.ModelPath, job.Request.Network, job.Request.Box))
            {
                CheckpointFolder = store.Path + ".checkpoints",
                CheckpointInterval = interval,
                Resumed = plainLines ? (job, state) => Console.Error.WriteLine($"job {job.Id} (line {job.Line.ToString(CultureInfo.InvariantCulture)}) {CertifyCommand.ResumedLine(state, "its checkpoint")}") : null,
            };
            BatchSummary summary;
            if (quietRun)
            {
                summary = new BatchRunner(batch, store, executor, workers).Run(interrupt.Token);
            }
            else if (LiveProgress.Available)
            {
                var runner = new BatchRunner(batch, store, executor, workers);
                summary = BatchLiveProgress.Run(runner.Snapshot, () => runner.Run(interrupt.Token));
            }
            else
            {
                BatchProgressLines? lines = null;
                var runner = new BatchRunner(batch, store, executor, workers) { Finished = r => lines?.JobFinished(r) };
                using (lines = new BatchProgressLines(Console.Error, runner.Snapshot))
                {
                    summary = runner.Run(interrupt.Token);
                }
            }

            Console.Out.WriteLine(Describe(summary, part, store.Path));
            return summary.Complete ? 0 : Incomplete;
        });
        return command;
    }

    /// <summary>The results database, with the sentence for one of another run naming batch's options.</summary>
    private static ResultsStore OpenResults(string path, JobFile file, Shard part, bool resume)
    {
        try
        {
            return ResultsStore.Open(path, file.Path, file.Sha256, part.ToString(), resume);
        }
        catch (ResultsOfAnotherRunException e)
        {
            throw new ExactLipException($"The results database '{e.Path}' holds {e.Rows} results of {e.Other}: add --resume to continue it anyway (changed jobs run again), or give a new --results file.", e);
        }
    }

    private static string Describe(BatchSummary s, Shard part, string path)
    {
        var c = CultureInfo.InvariantCulture;
        var shard = part == Shard.All ? string.Empty : $" in shard {part}";
        var text = $"{s.Total.ToString(c)} jobs{shard}: {s.Completed.ToString(c)} completed, {s.Failed.ToString(c)} failed, {s.Interrupted.ToString(c)} interrupted, {s.RecordedEarlier.ToString(c)} recorded earlier, {s.NotStarted.ToString(c)} not started; results in {path}.";
        return s.Complete ? text : text + Environment.NewLine + "Rerun the same command to run the interrupted and unstarted jobs.";
    }
}
