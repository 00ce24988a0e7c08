using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Formats;

/// <summary>Finds <c>shared/interop/sops-fixtures</c> by walking up from the test binaries, and small tree helpers.</summary>
internal static class FormatFixtures
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "interop", "sops-fixtures");
            if (Directory.Exists(candidate)) return candidate;
            dir = dir.Parent;
        }
        throw new InvalidOperationException("shared/interop/sops-fixtures not found above " + AppContext.BaseDirectory);
    });

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
