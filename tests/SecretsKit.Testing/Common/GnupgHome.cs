namespace SecretsKit.Testing.Common;

/// <summary>A throwaway GNUPGHOME (mode 0700) with the sops functional-test keys imported; the agent is stopped on dispose.</summary>
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
