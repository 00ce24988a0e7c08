using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.Locking;

/// <summary>Which newest revision is pending and what recovers it: a rollback to the newest good one, or an uninstall of a pending install.</summary>
public sealed class PendingReleasesTests
{
    private static readonly ReleaseTarget Target = new(new ReleaseSpec("backend", "shop", "./chart", null, new Dictionary<string, string>(), true, [], [], [], [], 1),
        new ReleaseEnvironment("prod", "prod", [], []), new HelmDefaults());

    private static HelmReleaseInfo.Revision R(int n, string status) => new(n, status, "app-0.1.0");

    [Fact]
    public void A_pending_upgrade_is_rolled_back_to_the_newest_deployed_or_superseded_revision()
    {
        var pending = PendingReleases.Find(Target, [R(1, "superseded"), R(2, "deployed"), R(3, "failed"), R(4, "pending-upgrade")])!;
        Assert.Equal((4, "pending-upgrade", 2), (pending.Revision, pending.Status, pending.GoodRevision));
        Assert.Equal(["rollback", "backend", "2", "-n", "shop", "--kube-context", "prod"], pending.Recovery);
    }

    [Fact]
    public void A_pending_install_is_uninstalled()
    {
        var pending = PendingReleases.Find(Target, [R(1, "pending-install")])!;
        Assert.Null(pending.GoodRevision);
        Assert.Equal(["uninstall", "backend", "-n", "shop", "--kube-context", "prod"], pending.Recovery);
    }

    [Fact]
    public void A_release_whose_newest_revision_is_settled_needs_nothing()
    {
        Assert.Null(PendingReleases.Find(Target, [R(1, "pending-upgrade"), R(2, "deployed")]));
        Assert.Null(PendingReleases.Find(Target, []));
    }
}
