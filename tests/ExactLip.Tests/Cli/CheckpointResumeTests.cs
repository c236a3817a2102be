using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// certify --checkpoint as a real child process: killed with SIGKILL (which nothing can catch)
/// at several moments of the search and run again with the same command, it ends with the
/// constant the exact one-input oracle computes; a checkpoint of another model, box, quantity,
/// or a damaged one, is refused in one sentence with exit code 2.
/// </summary>
public sealed class CheckpointResumeTests
{
    [Fact]
    public void Killed_at_several_moments_and_resumed_ends_with_the_oracle_value()
    {
        using var tmp = new TempFolder();
        var (model, _, truth) = CheckpointNetworks.Deep(tmp.Path);
        // Branch and bound alone, so that the kills land in its search whatever a racing MIP would do.
        var straight = ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, "--method", "bab", "--json", tmp.File("straight.json"), "--quiet"]);
        straight.ExitCode.Should().Be(0, straight.ToString());
        var straightJson = CertifyJson.Load(tmp.File("straight.json"));
        var nodes = straightJson["nodes"]!.GetValue<long>();
        nodes.Should().BeGreaterThan(500, "the search must be long enough for kills to land inside it");

        var checkpoint = tmp.File("search.checkpoint.json");
        string[] command = ["certify", model, .. CheckpointNetworks.Options, "--method", "bab", "--checkpoint", checkpoint, "--checkpoint-interval", "0.02", "--json", tmp.File("resumed.json")];
        var killedInside = 0;
        var run = 0;
        foreach (var fraction in new[] { 0.15, 0.45, 0.75 })
        {
            using var process = ExactLipProcess.Start(command);
            var seen = CheckpointNetworks.WaitFor(checkpoint, (long)(fraction * nodes), process);
            process.Kill();
            seen.Should().NotBeNull($"the run writes its checkpoint. Standard error:\n{process.Stderr}");
            if (seen!.Value.Open > 0)
            {
                killedInside++;
            }

            if (run++ > 0)
            {
                process.Stderr.Should().Contain("resumed:", "a run that continues a checkpoint says so");
            }
        }

        killedInside.Should().BeGreaterThanOrEqualTo(2, "the kills must land while sub-domains are open");

        // Ctrl-C (SIGINT) ends the run with its bounds (exit 0) and leaves a checkpoint that the last run resumes.
        using (var interrupted = ExactLipProcess.Start(command))
        {
            var before = CheckpointNetworks.WaitFor(checkpoint, (long)(0.85 * nodes), interrupted);
            interrupted.Interrupt();
            var result = interrupted.WaitForExit(TimeSpan.FromSeconds(60));
            result.ExitCode.Should().Be(0, result.ToString());
            CheckpointNetworks.Progress(checkpoint)!.Value.Bounded.Should().BeGreaterThanOrEqualTo(before!.Value.Bounded, "the run saves its state when it stops");
        }

        var last = ExactLipProcess.Run(command);
        last.ExitCode.Should().Be(0, last.ToString());
        last.Stderr.Should().Contain("resumed:");
        var resumed = CertifyJson.Load(tmp.File("resumed.json"));
        CertifyJson.Text(resumed, "status").Should().Be("exact", last.ToString());
        var (lower, upper) = (CertifyJson.Number(resumed, "lower"), CertifyJson.Number(resumed, "upper"));
        lower.Should().BeLessThanOrEqualTo(truth * (1 + 1e-12), "the lower bound is proven at a point");
        upper.Should().BeGreaterThanOrEqualTo(truth * (1 - 1e-12), "the upper bound is proven");
        CertifyJson.Number(resumed, "value").Should().BeApproximately(truth, 1e-6 * truth);
        CertifyJson.Number(resumed, "value").Should().BeApproximately(CertifyJson.Number(straightJson, "value"), 1e-6 * truth, "a resumed run ends with the value of an uninterrupted one");
        resumed["seconds"]!.GetValue<double>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_checkpoint_of_another_model_box_or_quantity_or_a_damaged_one_is_refused_in_one_sentence()
    {
        using var tmp = new TempFolder();
        var (model, _, truth) = CheckpointNetworks.Deep(tmp.Path, width: 8);
        var (other, _, _) = CheckpointNetworks.Deep(tmp.Path, seed: 7, width: 8, name: "other.json");
        var checkpoint = tmp.File("search.checkpoint.json");
        string[] options = ["--checkpoint", checkpoint, "--quiet"];
        var first = ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, .. options]);
        first.ExitCode.Should().Be(0, first.ToString());
        File.Exists(checkpoint).Should().BeTrue("a finished run leaves its final state");

        ShouldRefuse(ExactLipProcess.Run(["certify", other, .. CheckpointNetworks.Options, .. options]), "another model");
        ShouldRefuse(ExactLipProcess.Run(["certify", model, "--lo", "-1", "--hi", "0.5", "--c", "1", "--bounds", "interval", .. options]), "another box");
        ShouldRefuse(ExactLipProcess.Run(["certify", model, "--lo", "-1", "--hi", "1", "--c", "2", "--bounds", "interval", .. options]), "another quantity");
        ShouldRefuse(ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, "--tolerance", "1e-3", .. options]), "other options");
        ShouldRefuse(ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, "--method", "mip", .. options]), "branch and bound");

        // The same command resumes the finished state at once, with the oracle's value (the default
        // portfolio: its branch and bound's search is the one saved).
        var again = ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, "--checkpoint", checkpoint, "--json", "-"]);
        again.ExitCode.Should().Be(0, again.ToString());
        again.Stderr.Should().Contain("resumed:");
        CertifyJson.Number(CertifyJson.Parse(again.Stdout), "value").Should().BeApproximately(truth, 1e-6 * truth);

        // Whole JSON with a bound changed (lowered, as a flipped bit or an edit could): refused, no bound read.
        var text = File.ReadAllText(checkpoint);
        var edited = System.Text.RegularExpressions.Regex.Replace(text, "\"closed_upper\":[^,]+", "\"closed_upper\":0");
        edited.Should().NotBe(text, "the file holds the closed parts' bound");
        File.WriteAllText(checkpoint, edited);
        ShouldRefuse(ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, .. options]), "does not match the SHA-256");

        // Cut in the middle, as a disk that filled up would leave a file written in place.
        File.WriteAllText(checkpoint, text[..(text.Length / 2)]);
        ShouldRefuse(ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, .. options]), "damaged");
        File.WriteAllText(checkpoint, "{\"format\": \"something else\"}");
        ShouldRefuse(ExactLipProcess.Run(["certify", model, .. CheckpointNetworks.Options, .. options]), "not an ExactLip checkpoint");
    }

    private static void ShouldRefuse(CliResult result, string reason)
    {
        result.ExitCode.Should().Be(2, result.ToString());
        result.StderrLines.Should().ContainSingle(result.ToString());
        result.Stderr.Should().StartWith("error: ").And.Contain(reason).And.NotContain("   at ");
    }
}
