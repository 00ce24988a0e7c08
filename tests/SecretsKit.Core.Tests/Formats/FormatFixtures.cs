using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>The sops fixtures (tests/fixtures/sops), byte/text conversions and typed node assertions (trees are built with <see cref="Tree.TreeBuilder"/>).</summary>
internal static class FormatFixtures
{
    private static readonly Lazy<string> Dir = new(() => SecretsKit.Testing.Common.SharedFixtures.Directory);

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Dir.Value, name));

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static string FromUtf8(byte[] b) => Encoding.UTF8.GetString(b);

    public static string Str(TreeNode? node) => Assert.IsType<StringValue>(node).Value;

    public static TreeBranch Map(TreeNode? node) => Assert.IsType<TreeBranch>(node);

    public static Sequence Seq(TreeNode? node) => Assert.IsType<Sequence>(node);
}
