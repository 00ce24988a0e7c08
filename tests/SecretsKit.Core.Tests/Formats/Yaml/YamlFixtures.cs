namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>The sops fixtures (tests/fixtures/sops).</summary>
internal static class YamlFixtures
{
    private static readonly Lazy<string> Dir = new(() => SecretsKit.Testing.Common.SharedFixtures.Directory);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Dir.Value, name));

    public static string Text(string name) => File.ReadAllText(Path.Combine(Dir.Value, name));
}
