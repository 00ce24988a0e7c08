using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Tests.Release.Pipeline;

public sealed class ReleaseGraphTests
{
    internal static ReleaseSpec R(string name, string ns = "web", string[]? needs = null, Dictionary<string, string>? labels = null, string chart = "c") =>
        new(name, ns, chart, null, labels ?? [], true, needs ?? [], [], [], [], 1);

    private static List<List<string>> Names(IReadOnlyList<IReadOnlyList<ReleaseSpec>> levels) =>
        levels.Select(l => l.Select(r => r.Id).ToList()).ToList();

    [Fact]
    public void Releases_come_after_everything_they_need_and_independent_ones_share_a_level()
    {
        var app = R("app", needs: ["web/db", "cache"]);
        var db = R("db");
        var cache = R("cache");
        var edge = R("edge", "front", ["web/app"]);
        var all = new[] { edge, app, db, cache };
        Assert.Equal([["web/db", "web/cache"], ["web/app"], ["front/edge"]], Names(ReleaseGraph.Levels(all, all)));
    }

    [Fact]
    public void Unselected_releases_are_left_out_but_still_order_the_selected_ones()
    {
        var a = R("a");
        var b = R("b", needs: ["a"]);
        var c = R("c", needs: ["b"]);
        Assert.Equal([["web/a"], ["web/c"]], Names(ReleaseGraph.Levels([c, b, a], [a, c])));
    }

    [Fact]
    public void A_cycle_is_an_error_that_shows_the_cycle()
    {
        var a = R("a", needs: ["web/c"]);
        var b = R("b", needs: ["a"]);
        var c = R("c", needs: ["b"]);
        var e = Assert.Throws<SecretsKitException>(() => ReleaseGraph.Levels([a, b, c], [a]));
        Assert.Equal("needs form a cycle: web/a -> web/c -> web/b -> web/a", e.Message);
    }

    [Fact]
    public void A_release_needing_itself_is_a_cycle()
    {
        var a = R("a", needs: ["a"]);
        Assert.Contains("cycle", Assert.Throws<SecretsKitException>(() => ReleaseGraph.Levels([a], [a])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_need_naming_no_release_is_an_error_and_a_bare_name_prefers_the_own_namespace()
    {
        var a = R("a", needs: ["web/nope"]);
        var e = Assert.Throws<SecretsKitException>(() => ReleaseGraph.Levels([a], [a]));
        Assert.Contains("needs 'web/nope', which is not a release", e.Message, StringComparison.Ordinal);

        var dbWeb = R("db", "web");
        var dbOps = R("db", "ops");
        var app = R("app", "ops", ["db"]);
        Assert.Same(dbOps, ReleaseGraph.Resolve([dbWeb, dbOps, app], app, "db"));
        var stranger = R("x", "other", ["db"]);
        Assert.Contains("matches several", Assert.Throws<SecretsKitException>(() => ReleaseGraph.Resolve([dbWeb, dbOps, stranger], stranger, "db")).Message,
            StringComparison.Ordinal);
    }
}
