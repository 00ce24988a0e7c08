namespace SecretsKit.Testing.Common;

/// <summary>Locates <c>shared/interop/sops-fixtures</c> (the real sops-made files) from the test's output directory.</summary>
public static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Directory => Root.Value;

    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The repository root (the directory holding SecretsKit.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SecretsKit.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SecretsKit.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            foreach (var candidate in new[] { "shared", "../shared" })
            {
                var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, candidate, "interop", "sops-fixtures"));
                if (System.IO.Directory.Exists(path)) return path;
            }
            dir = dir.Parent;
        }
        throw new InvalidOperationException("shared/interop/sops-fixtures not found above " + AppContext.BaseDirectory);
    }
}
