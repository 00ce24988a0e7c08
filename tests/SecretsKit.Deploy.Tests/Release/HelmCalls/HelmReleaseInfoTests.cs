using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.HelmCalls;

namespace SecretsKit.Deploy.Tests.Release.HelmCalls;

public sealed class HelmReleaseInfoTests
{
    [Fact]
    public void Previous_revision_is_the_newest_earlier_good_one_skipping_failed_revisions()
    {
        var history = HelmReleaseInfo.History("""
            [{"revision":1,"updated":"t","status":"superseded","chart":"app-0.1.0","app_version":"1","description":"Install complete"},
             {"revision":2,"updated":"t","status":"failed","chart":"app-0.1.1","app_version":"1","description":"Upgrade failed"},
             {"revision":3,"updated":"t","status":"deployed","chart":"app-0.1.2","app_version":"1","description":"Upgrade complete"}]
            """);
        Assert.Equal([1, 2, 3], history.Select(h => h.Number));
        Assert.Equal(1, HelmReleaseInfo.PreviousRevision(history));
    }

    [Fact]
    public void A_first_install_has_no_previous_revision()
    {
        Assert.Null(HelmReleaseInfo.PreviousRevision(HelmReleaseInfo.History("""[{"revision":1,"status":"deployed","chart":"a-1"}]""")));
        Assert.Null(HelmReleaseInfo.PreviousRevision([]));
    }

    [Fact]
    public void Status_json_is_summarised_and_garbage_is_an_error()
    {
        var s = HelmReleaseInfo.ParseStatus("""
            {"name":"app","namespace":"web","version":7,"info":{"status":"deployed","last_deployed":"2026-01-01T00:00:00Z","description":"Upgrade complete"},
             "chart":{"metadata":{"name":"pipeline-app","version":"0.1.0"}}}
            """);
        Assert.Equal(new HelmReleaseInfo.Status(7, "deployed", "pipeline-app-0.1.0", "2026-01-01T00:00:00Z", "Upgrade complete"), s);
        Assert.Throws<SecretsKitException>(() => HelmReleaseInfo.ParseStatus("not json"));
        Assert.Throws<SecretsKitException>(() => HelmReleaseInfo.History("{\"revision\":"));
    }
}
