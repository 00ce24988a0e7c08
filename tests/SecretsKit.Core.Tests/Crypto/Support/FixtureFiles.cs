namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>The sops fixtures (tests/fixtures/sops).</summary>
internal static class FixtureFiles
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Dir => Root.Value;

    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    private static string Find() => SecretsKit.Testing.Common.SharedFixtures.Directory;
}
