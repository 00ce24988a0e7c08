using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Operations;

public sealed class TreeValueEditorTests
{
    [Fact]
    public void Json_integer_becomes_int_and_fraction_becomes_float()
    {
        Assert.Equal(new IntValue(5), TreeValueEditor.ParseJsonValue("5"));
        Assert.Equal(new FloatValue(5.5), TreeValueEditor.ParseJsonValue("5.5"));
        Assert.Equal(new StringValue("x"), TreeValueEditor.ParseJsonValue("\"x\""));
        Assert.Equal(NullValue.Instance, TreeValueEditor.ParseJsonValue("null"));
    }

    [Fact]
    public void Json_array_and_object_keep_order_and_types()
    {
        var list = Assert.IsType<Sequence>(TreeValueEditor.ParseJsonValue("[1, \"a\", {\"z\": true, \"b\": 2}]"));
        Assert.Equal(new IntValue(1), list.Items[0]);
        var obj = Assert.IsType<TreeBranch>(list.Items[2]);
        Assert.Equal(new[] { "z", "b" }, obj.Items.Select(i => i.Key));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("1, \"injected\": 2")]
    [InlineData("")]
    public void Invalid_json_is_exit_7(string json)
    {
        var e = Assert.Throws<SecretsKitException>(() => TreeValueEditor.ParseJsonValue(json));
        Assert.Equal(ExitCodes.InvalidSetFormat, e.ExitCode);
    }

    [Fact]
    public void Set_creates_missing_parents_as_mappings_in_document_0_only()
    {
        var tree = new SopsTree(new[] { new TreeBranch(new[] { new TreeItem("a", new IntValue(1)) }), TreeBranch.Empty });
        var result = TreeValueEditor.Set(tree, TreePath.Parse("[\"x\"][\"y\"]"), new StringValue("v"));
        Assert.Equal(new StringValue("v"), TreePath.Parse("[\"x\"][\"y\"]").Find(result.Branches[0]));
        Assert.Equal(TreeBranch.Empty, result.Branches[1]);
        Assert.Equal(new IntValue(1), result.Branches[0].Get("a"));
    }

    [Fact]
    public void Unset_returns_null_for_a_missing_path_and_removes_an_existing_one()
    {
        var tree = Doc(new TreeItem("a", new IntValue(1)), new TreeItem("b", new IntValue(2)));
        Assert.Null(TreeValueEditor.Unset(tree, TreePath.Parse("[\"c\"]")));
        var result = TreeValueEditor.Unset(tree, TreePath.Parse("[\"a\"]"))!;
        Assert.Equal(new[] { "b" }, result.Branches[0].Items.Select(i => i.Key));
    }

    [Fact]
    public void Exec_environment_exports_scalars_and_rejects_nested_values_and_equals_in_keys()
    {
        var vars = ExecEnvironment.FromTree(Doc(new TreeItem("S", new StringValue("x")), new TreeItem("I", new IntValue(3)),
            new TreeItem("B", new BoolValue(true)), new TreeItem(null, new CommentValue("c"))), "f");
        Assert.Equal(new[] { "S=x", "I=3", "B=true" }, vars.Select(v => $"{v.Key}={v.Value}"));
        Assert.Throws<SecretsKitException>(() => ExecEnvironment.FromTree(Doc(new TreeItem("N", TreeBranch.Empty)), "f"));
        Assert.Throws<SecretsKitException>(() => ExecEnvironment.FromTree(Doc(new TreeItem("A=B", new StringValue("x"))), "f"));
    }
}
