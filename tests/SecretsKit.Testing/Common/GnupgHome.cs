namespace SecretsKit.Testing.Common;

/// <summary>
/// The one throwaway GNUPGHOME of the test suite (mode 0700, a short path for gpg-agent's socket) with the sops
/// functional-test keys imported: <see cref="Key1"/> and <see cref="Key2"/> with secret parts, <see cref="PublicOnlyKey"/>
/// public only, plus the sops-nix keys. The agent is stopped and the directory removed on dispose.
/// </summary>
public sealed class GnupgHome : IDisposable
{
    public const string Key1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";
    public const string Key2 = "D7229043384BCC60326C6FB9D8720D957C3D3074";
    public const string PublicOnlyKey = "B611A2F9F11D0FF82568805119F9B5DAEA91FF86";
    public const string SopsNixKey1 = "7FB89715AADA920D65D25E63F9BA9DEBD03F57C0";
    public const string SopsNixKey2 = "2504791468B153B8A3963CC97BA53D1919C5DFD4";

    private GnupgHome(string path) => Path = path;

    public string Path { get; }

    public static async Task<GnupgHome> CreateAsync(params string[] keyFiles)
    {
        // Short path: gpg-agent's socket path must stay under the Unix socket length limit.
        var dir = Directory.CreateTempSubdirectory("gpg").FullName;
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var home = new GnupgHome(dir);
        var files = keyFiles.Length > 0 ? keyFiles : new[] { "pgp-functional-tests-keys.asc", "sopsnix-pgp-7FB89715-private.asc", "sopsnix-pgp-25047914-private.asc" };
        foreach (var f in files)
        {
            var r = await ProcessRun.RunAsync("gpg", new[] { "--batch", "--import", SharedFixtures.PathOf(f) }, home.Env());
            if (r.ExitCode != 0) throw new InvalidOperationException($"gpg --import {f} failed: {r.Stderr}");
        }
        return home;
    }

    public Dictionary<string, string?> Env() => new() { ["GNUPGHOME"] = Path };

    /// <summary>Decrypts an armored PGP message (a sops data key) with the real gpg.</summary>
    public async Task<byte[]> DecryptAsync(string armored)
    {
        var r = await ProcessRun.RunAsync("gpg", ["--batch", "--quiet", "--pinentry-mode", "loopback", "--decrypt"], Env(),
            System.Text.Encoding.UTF8.GetBytes(armored));
        return r.ExitCode == 0 ? r.Stdout : throw new InvalidOperationException($"gpg --decrypt failed: {r.Stderr}");
    }

    public void Dispose()
    {
        try
        {
            ProcessRun.RunAsync("gpgconf", new[] { "--kill", "gpg-agent" }, Env(), timeout: TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception)
        {
        }
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
