using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Tests.Pgp;

/// <summary>
/// A throwaway GNUPGHOME (mode 0700) with the sops functional-test keys imported: FBC7… and D722… with secret
/// parts, B611… public only. Kills its gpg-agent and deletes itself on dispose.
/// </summary>
public sealed class GpgHome : IAsyncLifetime
{
    public const string Key1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";
    public const string Key2 = "D7229043384BCC60326C6FB9D8720D957C3D3074";
    public const string PublicOnlyKey3 = "B611A2F9F11D0FF82568805119F9B5DAEA91FF86";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sk-gpg-" + Guid.NewGuid().ToString("N")[..10]);

    public string Home => Path.Combine(Root, "gnupg");

    public static string FixturesDirectory { get; } = FindFixtures();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Home);
        }
        else
        {
            Directory.CreateDirectory(Home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var keys = await File.ReadAllBytesAsync(Path.Combine(FixturesDirectory, "pgp-functional-tests-keys.asc"));
        var result = await SystemProcessRunner.Instance.RunAsync(
            new ProcessSpec("gpg", ["--batch", "--import"], keys, BaseEnvironment()));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg --import failed: {result.StandardError}");
        }
    }

    public async Task DisposeAsync()
    {
        await SystemProcessRunner.Instance.RunAsync(
            new ProcessSpec("gpgconf", ["--kill", "gpg-agent"], null, BaseEnvironment()));
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // an agent socket that vanished mid-delete; the temp dir is unique anyway
        }
    }

    /// <summary>A key-source context whose environment holds only GNUPGHOME, HOME and PATH, plus <paramref name="extra"/>.</summary>
    public KeySourceContext Context(TimeProvider? time = null, params (string Name, string Value)[] extra)
    {
        var vars = new Dictionary<string, string>(BaseEnvironment());
        foreach (var (name, value) in extra) vars[name] = value;
        return new KeySourceContext(new MapEnvironment(vars, Root, Root), SystemProcessRunner.Instance, time ?? TimeProvider.System);
    }

    private Dictionary<string, string> BaseEnvironment() => new(StringComparer.Ordinal)
    {
        ["GNUPGHOME"] = Home,
        ["HOME"] = Root,
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    };

    private static string FindFixtures() => SecretsKit.Testing.Common.SharedFixtures.Directory;
}
