namespace SecretsKit.Core.Tests.Age;

/// <summary>Reads the sops fixtures and makes self-cleaning temp directories.</summary>
internal static class AgeTestFiles
{
    private static readonly Lazy<string> FixturesDir = new(() => SecretsKit.Testing.Common.SharedFixtures.Directory);

    public static string Fixture(string name) => Path.Combine(FixturesDir.Value, name);

    public static string ReadFixture(string name) => File.ReadAllText(Fixture(name));

    public static byte[] ReadFixtureBytes(string name) => File.ReadAllBytes(Fixture(name));
}

/// <summary>A unique temporary directory, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sk-age-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string Write(string name, byte[] content)
    {
        var path = File(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
