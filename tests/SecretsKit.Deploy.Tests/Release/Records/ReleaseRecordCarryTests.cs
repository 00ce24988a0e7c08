using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Tests.Release.Records;

/// <summary>An unchanged release keeps the upgrade and test outcomes of the run that deployed what still runs, and only then.</summary>
public sealed class ReleaseRecordCarryTests
{
    private static ReleaseRecordEntry Entry(string result, string test, int revision = 4, string rendering = "sha256:r") => new()
    {
        Name = "backend", Namespace = "shop", Revision = revision, RenderingDigest = rendering, Chart = new RecordedChart { Digest = "sha256:c" },
        Result = result, Outcome = "passed",
        Stages = [new RecordedStage { Name = "upgrade", Outcome = test == "skipped" ? "skipped" : "passed" }, new RecordedStage { Name = "test", Outcome = test }],
    };

    [Fact]
    public void An_unchanged_release_keeps_what_the_earlier_run_verified()
    {
        var previous = new ReleaseRecord { Releases = [Entry("upgraded", "passed")] };
        var now = Entry("unchanged", "skipped");
        ReleaseRecordCarry.Apply(previous, [now]);
        Assert.Equal(["passed", "passed"], now.Stages.Select(s => s.Outcome));
    }

    [Theory]
    [InlineData(5, "sha256:r")]
    [InlineData(4, "sha256:other")]
    public void Another_revision_or_rendering_keeps_skipped(int revision, string rendering)
    {
        var previous = new ReleaseRecord { Releases = [Entry("upgraded", "passed")] };
        var now = Entry("unchanged", "skipped", revision, rendering);
        ReleaseRecordCarry.Apply(previous, [now]);
        Assert.Equal("skipped", now.Stages[1].Outcome);
    }

    [Fact]
    public void A_failed_earlier_test_is_not_carried()
    {
        var previous = new ReleaseRecord { Releases = [Entry("test failed", "failed")] };
        previous.Releases[0].Outcome = "failed";
        var now = Entry("unchanged", "skipped");
        ReleaseRecordCarry.Apply(previous, [now]);
        Assert.Equal("skipped", now.Stages[1].Outcome);
    }
}
