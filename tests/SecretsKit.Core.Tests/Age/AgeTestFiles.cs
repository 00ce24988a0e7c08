namespace SecretsKit.Core.Tests.Age;

/// <summary>Reads the sops fixtures and makes self-cleaning temp directories.</summary>
internal static class AgeTestFiles
{
    private static readonly Lazy<string> FixturesDir = new(() => SecretsKit.Testing.Common.SharedFixtures.Directory);

    public static string Fixture(string name) => Path.Combine(FixturesDir.Value, name);

    public static string ReadFixture(string name) => File.ReadAllText(Fixture(name));

    public static byte[] ReadFixtureBytes(string name) => File.ReadAllBytes(Fixture(name));
}
