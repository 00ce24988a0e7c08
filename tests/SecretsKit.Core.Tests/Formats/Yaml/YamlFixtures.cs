namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>Locates <c>shared/interop/sops-fixtures</c> by walking up from the test binaries.</summary>
internal static class YamlFixtures
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "interop", "sops-fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/interop/sops-fixtures not found above " + AppContext.BaseDirectory);
    });

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Dir.Value, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Dir.Value, name));
}
