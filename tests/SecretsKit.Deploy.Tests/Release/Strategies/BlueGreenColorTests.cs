using System.Text.Json.Nodes;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Tests.Release.Strategies;

/// <summary>
/// A blue-green's idle color, chosen from what the switch shows: the router release's value as <c>helm get values --all
/// -o yaml</c> prints it, or the Service's selector label.
/// </summary>
public sealed class BlueGreenColorTests
{
    private static readonly BlueGreenStrategy Strategy = new(["frontend-blue", "frontend-green"],
        new BlueGreenSwitch("frontend-router", "activeColor", null, null), [], [], TimeSpan.Zero, BlueGreenScaleDown.ReplicaCount);

    [Theory]
    [InlineData("frontend-blue", "frontend-green")]
    [InlineData("frontend-green", "frontend-blue")]
    [InlineData(null, "frontend-blue")] // a first run: no router, no selector label
    [InlineData("frontend", "frontend-blue")] // a switch that points elsewhere (the plain release before the strategy)
    [InlineData("Frontend-Green", "frontend-blue")] // colors are compared as written
    public void The_idle_color_is_the_one_the_switch_does_not_show_else_the_first(string? active, string idle) =>
        Assert.Equal(idle, Strategy.IdleColor(active));

    [Fact]
    public void Only_the_two_colors_are_colors()
    {
        Assert.True(Strategy.IsColor("frontend-green"));
        Assert.False(Strategy.IsColor("frontend"));
        Assert.False(Strategy.IsColor(null));
    }

    [Theory]
    [InlineData("activeColor: frontend-green\nreplicaCount: 1\n", "activeColor", "frontend-green")]
    [InlineData("router:\n  active: frontend-blue\n", "router.active", "frontend-blue")]
    [InlineData("replicaCount: 1\n", "activeColor", null)] // the router is installed without the value
    [InlineData("activeColor: null\n", "activeColor", null)]
    [InlineData("activeColor: \"\"\n", "activeColor", null)]
    [InlineData("activeColor: {name: frontend-blue}\n", "activeColor", null)] // not a scalar
    [InlineData("router: frontend-blue\n", "router.active", null)] // the path goes through a scalar
    [InlineData("", "activeColor", null)]
    [InlineData("activeColor: \"null\"\n", "activeColor", "null")] // a quoted string is the string
    public void The_router_shows_the_scalar_at_its_values_path(string yaml, string path, string? shown) =>
        Assert.Equal(shown, BlueGreenActive.FromValues(yaml, path));

    [Fact]
    public void The_Service_shows_its_selector_label()
    {
        var service = JsonNode.Parse("""{"spec": {"selector": {"app.kubernetes.io/instance": "frontend-green", "app": "web"}}}""")!.AsObject();

        Assert.Equal("frontend-green", BlueGreenActive.FromService(service, "app.kubernetes.io/instance"));
        Assert.Null(BlueGreenActive.FromService(service, "color"));
        Assert.Null(BlueGreenActive.FromService(JsonNode.Parse("""{"spec": {}}""")!.AsObject(), "color"));
    }
}
