using SecretsKit.Deploy.Tests.Release;

using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.Pipeline;

/// <summary>The summary's RESULT texts (users and CI logs read them) and which results count as failed or changed.</summary>
public sealed class ReleaseOutcomeTests
{
    private static readonly ReleaseTarget Target =
        new(new ReleaseSpec("app", "web", "./chart", "0.1.0", new Dictionary<string, string>(), true, [], [], [], [], 1),
            new ReleaseEnvironment("dev", null, [], []), new HelmDefaults());

    [Theory]
    [InlineData(ReleaseResult.Ok, "ok", false, false)]
    [InlineData(ReleaseResult.Failed, "failed", true, false)]
    [InlineData(ReleaseResult.Passed, "passed", false, false)]
    [InlineData(ReleaseResult.Changes, "changes", false, false)]
    [InlineData(ReleaseResult.NoChanges, "no changes", false, false)]
    [InlineData(ReleaseResult.Unchanged, "unchanged", false, false)]
    [InlineData(ReleaseResult.Upgraded, "upgraded", false, true)]
    [InlineData(ReleaseResult.Uninstalled, "uninstalled", false, true)]
    [InlineData(ReleaseResult.UninstalledFirstInstall, "uninstalled (first install)", false, false)]
    [InlineData(ReleaseResult.NotInstalled, "not installed", false, false)]
    [InlineData(ReleaseResult.Skipped, "skipped (installed: false)", false, false)]
    [InlineData(ReleaseResult.NotRun, "not run", false, false)]
    [InlineData(ReleaseResult.Error, "error (below)", true, false)]
    [InlineData(ReleaseResult.Interrupted, "interrupted", true, false)]
    [InlineData(ReleaseResult.Aborted, "canary aborted", true, false)]
    [InlineData(ReleaseResult.BlueGreenAborted, "blue-green aborted", true, false)]
    public void Each_result_has_its_summary_text(ReleaseResult result, string text, bool failed, bool changed)
    {
        var outcome = new ReleaseOutcome(Target, "lint", result, TimeSpan.Zero);

        Assert.Equal(text, outcome.Text);
        Assert.Equal(failed, outcome.Failed);
        Assert.Equal(changed, outcome.Changed);
    }

    [Fact]
    public void A_rollback_names_its_revision_and_a_failed_test_says_how_the_rollback_went()
    {
        Assert.Equal("rolled back to 4", new ReleaseOutcome(Target, "rollback", ReleaseResult.RolledBack, TimeSpan.Zero, 4).Text);
        Assert.Equal("test failed, rolled back to 3",
            new ReleaseOutcome(Target, "rollback", ReleaseResult.TestFailed, TimeSpan.Zero, null, new(ReleaseResult.RolledBack, 3)).Text);
        Assert.Equal("test failed, uninstalled (first install)",
            new ReleaseOutcome(Target, "uninstall", ReleaseResult.TestFailed, TimeSpan.Zero, null, new(ReleaseResult.UninstalledFirstInstall)).Text);
        var unrecovered = new ReleaseOutcome(Target, "rollback", ReleaseResult.TestFailed, TimeSpan.Zero);
        Assert.Equal("test failed, rollback failed", unrecovered.Text);
        Assert.True(unrecovered.Failed);
    }
}
