namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>Locates <c>shared/interop/sops-fixtures</c> by walking up from the test binaries.</summary>
internal static class FixtureFiles
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Dir => Root.Value;

    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "interop", "sops-fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/interop/sops-fixtures not found above " + AppContext.BaseDirectory);
    }
}
