namespace SecretsKit.Testing.Common;

/// <summary>
/// The repository's sops interop fixtures (<c>tests/fixtures/sops</c>: real sops-made files with their keys) and the
/// repository root, found from the test's output directory. Nothing outside the repository is read.
/// </summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string Directory => System.IO.Path.Combine(Root.Value, "tests", "fixtures", "sops");

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The repository root (the directory holding SecretsKit.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SecretsKit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SecretsKit.sln not found above " + AppContext.BaseDirectory);
    }
}
