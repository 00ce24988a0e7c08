using SecretsKit.Deploy.Tests.Release;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;
using static SecretsKit.Deploy.Tests.Release.Pipeline.ReleaseGraphTests;

namespace SecretsKit.Deploy.Tests.Release.State;

public sealed class ReleaseSelectorTests
{
    private static readonly ReleaseSpec Web = R("app", "web", labels: new() { ["tier"] = "web", ["team"] = "a" }, chart: "./charts/app");
    private static readonly ReleaseSpec Db = R("db", "data", labels: new() { ["tier"] = "db", ["team"] = "a" }, chart: "bitnami/postgresql");

    private static string[] Select(params string[] selectors) =>
        new[] { Web, Db }.Where(ReleaseSelector.Parse(selectors).Matches).Select(r => r.Name).ToArray();

    [Fact]
    public void No_selector_selects_everything() => Assert.Equal(["app", "db"], Select());

    [Fact]
    public void Terms_in_one_selector_must_all_hold() => Assert.Equal(["db"], Select("team=a,tier=db"));

    [Fact]
    public void Several_selectors_are_alternatives() => Assert.Equal(["app", "db"], Select("tier=web", "name=db"));

    [Fact]
    public void Not_equal_also_matches_a_release_without_the_label() => Assert.Equal(["app"], Select("tier!=db,owner!=x"));

    [Fact]
    public void Name_namespace_and_chart_are_implicit_labels()
    {
        Assert.Equal(["app"], Select("namespace=web"));
        Assert.Equal(["db"], Select("chart=bitnami/postgresql"));
        Assert.Empty(Select("name=nope"));
    }

    [Fact]
    public void A_term_without_an_operator_is_an_error() =>
        Assert.Contains("bad selector 'tier'", Assert.Throws<SecretsKitException>(() => ReleaseSelector.Parse(["tier"])).Message, StringComparison.Ordinal);
}
