using System.Text;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Operations;

public sealed class TreeMergeTests
{
    private static SopsTree Y(string yaml) => new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(yaml));

    private static string Emit(SopsTree tree) => Encoding.UTF8.GetString(new YamlFormat().EmitPlain(tree));

    [Fact]
    public void Changes_added_and_removed_keys_on_different_sides_all_apply()
    {
        var result = TreeMerge.Merge(
            Y("a: 1\nb: 2\nn1:\n    x1: 1\n    x2: 1\nz: 0\n"),
            Y("a: 10\nb: 2\nn1:\n    x1: 5\n    x2: 1\n"),
            Y("a: 1\nb: 20\nn1:\n    x1: 1\n    x2: 7\nz: 0\nnew: added\n"));
        Assert.True(result.IsClean);
        Assert.Equal("a: 10\nb: 20\nn1:\n    x1: 5\n    x2: 7\nnew: added\n", Emit(result.Merged!));
    }

    [Fact]
    public void Different_changes_to_one_key_conflict_at_its_path_and_the_same_change_does_not()
    {
        var result = TreeMerge.Merge(
            Y("db:\n    password: a\n    user: u\nlist: [1, 2]\n"),
            Y("db:\n    password: b\n    user: v\nlist: [1, 3]\n"),
            Y("db:\n    password: c\n    user: v\nlist: [1, 4]\n"));
        Assert.False(result.IsClean);
        Assert.Null(result.Merged);
        Assert.Equal(["db:password:", "list:"], result.Conflicts);
    }

    [Fact]
    public void Change_against_removal_conflicts()
    {
        var result = TreeMerge.Merge(Y("a: 1\nb: 2\n"), Y("b: 2\n"), Y("a: 3\nb: 2\n"));
        Assert.Equal(["a:"], result.Conflicts);
    }
}
