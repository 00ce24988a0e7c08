namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>A throwaway GNUPGHOME with the fixture keys imported; decrypts armored data keys with the real gpg.</summary>
internal sealed class GpgHome : IDisposable
{
    private readonly Dictionary<string, string> _env;

    public GpgHome(params string[] keyFiles)
    {
        Dir = Directory.CreateTempSubdirectory("skgpg").FullName;
        _env = new Dictionary<string, string> { ["GNUPGHOME"] = Dir };
        foreach (var key in keyFiles)
        {
            Cli.Run("gpg", ["--batch", "--quiet", "--import", FixtureFiles.Path(key)], env: _env);
        }
    }

    public string Dir { get; }

    public byte[] Decrypt(string armored) =>
        Cli.Run("gpg", ["--batch", "--quiet", "--pinentry-mode", "loopback", "--decrypt"], armored, _env);

    public void Dispose()
    {
        try
        {
            Cli.Run("gpgconf", ["--kill", "gpg-agent"], env: _env);
        }
        catch (InvalidOperationException)
        {
            // no agent was started
        }
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // a socket may vanish while deleting; the temp dir is unique anyway
        }
    }
}
