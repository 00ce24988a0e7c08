using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Config;

/// <summary>A unique temp directory for file-system tests; files are written relative to it; deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "sk-cfg-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public string Write(string relative, string content = "")
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Dir(string relative) => Directory.CreateDirectory(PathOf(relative)).FullName;

    public static IEnvironment Environment(string cwd, params (string Name, string Value)[] vars) =>
        new MapEnvironment(vars.ToDictionary(v => v.Name, v => v.Value), cwd, cwd);

    public static string FixturesDirectory { get; } = FindFixtures();

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string FindFixtures() => SecretsKit.Testing.Common.SharedFixtures.Directory;
}
