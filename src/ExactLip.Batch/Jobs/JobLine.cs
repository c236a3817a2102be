namespace ExactLip.Batch.Jobs;

/// <summary>One non-blank line of a job file, with its 1-based physical line number.</summary>
public sealed record JobLine(int Number, string Text);
