namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>Decrypts an armored age payload with Debian's real <c>age</c> binary.</summary>
internal static class AgeCli
{
    public static byte[] Decrypt(string armored, string identityFixture) =>
        Cli.Run("age", ["-d", "-i", FixtureFiles.Path(identityFixture)], armored);
}
