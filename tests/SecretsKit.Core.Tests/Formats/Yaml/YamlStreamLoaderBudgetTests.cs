using System.Text;
using SecretsKit.Core.Formats.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>
/// Every caller of <see cref="YamlStreamLoader"/> (the kubeconfig, <c>fromYaml</c>, ref files, values scanned for
/// secrets, rendered manifests, the agent's templated data) gets its budgets without asking: depth, nodes as written, and
/// nodes once aliases are expanded. Before, only <c>.sops.yaml</c> passed a depth and nothing counted aliases.
/// </summary>
public sealed class YamlStreamLoaderBudgetTests
{
    private static YamlException Refused(string text) =>
        Assert.Throws<YamlException>(() => YamlStreamLoader.Load(new YamlStream(), text));

    [Fact]
    public void A_billion_laughs_is_refused_by_default_before_any_consumer_walks_it()
    {
        var text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++) text.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");

        var e = Refused(text.ToString());

        Assert.Contains("aliases expand to more than 1,000,000 nodes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_nested_deeper_than_a_thousand_levels_is_refused_by_default()
    {
        var e = Refused(new string('[', 1_500) + new string(']', 1_500));

        Assert.Contains("nests deeper than 1,000 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_inside_its_own_anchor_is_refused()
    {
        var e = Refused("a: &x [1, *x]\n");

        Assert.Contains("an alias refers to a node that contains it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_nodes_than_the_budget_are_refused_and_a_caller_may_pass_its_own_budgets()
    {
        var text = "[" + string.Join(",", Enumerable.Repeat("1", 50)) + "]";

        var e = Assert.Throws<YamlException>(() => YamlStreamLoader.Load(new YamlStream(), text, maxNodes: 20));

        Assert.Contains("more than 20 nodes", e.Message, StringComparison.Ordinal);
        YamlStreamLoader.Load(new YamlStream(), text); // within the defaults
    }
}
