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

    /// <summary><c>examples/keys/age-ENV.txt</c>: the published age key of one example environment (dev, staging, prod).</summary>
    public static string ExampleKey(string environment) => System.IO.Path.Combine(Root.Value, "examples", "keys", $"age-{environment}.txt");

    /// <summary>
    /// One age key file with every published example identity (<c>examples/keys/*.txt</c>: the demo key and each example
    /// environment's), for a test that decrypts the examples of several environments, as a release admin's key file would.
    /// Written once per process beside the test binaries.
    /// </summary>
    public static string AllExampleKeys => AllKeys.Value;

    private static readonly Lazy<string> AllKeys = new(() =>
    {
        var keys = System.IO.Directory.GetFiles(System.IO.Path.Combine(Root.Value, "examples", "keys"), "*.txt").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText);
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "example-keys.txt");
        var temp = path + "." + Environment.ProcessId;
        File.WriteAllText(temp, string.Concat(keys));
        File.Move(temp, path, overwrite: true);
        return path;
    });

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SecretsKit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SecretsKit.sln not found above " + AppContext.BaseDirectory);
    }
}
