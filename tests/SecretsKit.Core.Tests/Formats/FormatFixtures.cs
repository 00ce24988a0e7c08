using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>The sops fixtures (tests/fixtures/sops), and small tree helpers.</summary>
internal static class FormatFixtures
{
    private static readonly Lazy<string> Dir = new(() => SecretsKit.Testing.Common.SharedFixtures.Directory);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Dir.Value, name));

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static string Text(byte[] b) => Encoding.UTF8.GetString(b);

    public static SopsTree Doc(params TreeItem[] items) => new([new TreeBranch(items)]);

    public static TreeItem Item(string key, TreeNode value) => new(key, value);

    public static TreeItem Item(string key, string value) => new(key, new StringValue(value));

    public static TreeBranch Branch(params TreeItem[] items) => new(items);

    public static string Str(TreeNode? node) => Assert.IsType<StringValue>(node).Value;

    public static TreeBranch Map(TreeNode? node) => Assert.IsType<TreeBranch>(node);

    public static Sequence Seq(TreeNode? node) => Assert.IsType<Sequence>(node);
}
