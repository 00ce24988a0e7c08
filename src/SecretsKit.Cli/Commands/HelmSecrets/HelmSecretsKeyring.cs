using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// The keys one <c>helm secrets</c> run brings along: GnuPG keys imported into a throw-away GNUPGHOME (a private 0700
/// temp dir whose gpg-agent is stopped and which is removed on dispose), and age keys given as a file or, for keys read
/// from Kubernetes, as a value that only lives in this process (<c>SOPS_AGE_KEY</c> of the in-process environment).
/// </summary>
internal sealed class HelmSecretsKeyring : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _changes = new(StringComparer.Ordinal);
    private PrivateTempDirectory? _gnupgHome;
    private CliContext? _context;

    /// <summary>A keyring holding the keys of <c>HELM_SECRETS_LOAD_GPG_KEYS</c> (space-separated files or directories), if any.</summary>
    public static async Task<HelmSecretsKeyring> LoadGpgKeysAsync(CliContext context, CancellationToken ct)
    {
        var keyring = new HelmSecretsKeyring();
        if (context.Environment.Get("HELM_SECRETS_LOAD_GPG_KEYS") is not { } list) return keyring;
        foreach (var item in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var full = context.FullPath(item);
            var files = Directory.Exists(full) ? Directory.GetFiles(full).Order(StringComparer.Ordinal).ToArray()
                : File.Exists(full) ? [full]
                : throw new SecretsKitException(ExitCodes.Generic, $"HELM_SECRETS_LOAD_GPG_KEYS: {item} does not exist");
            foreach (var file in files) await keyring.ImportGpgAsync(context, await File.ReadAllBytesAsync(file, ct), item, ct);
        }
        return keyring;
    }

    /// <summary>Imports a GnuPG key (armored or binary) into this run's own GNUPGHOME.</summary>
    public async Task ImportGpgAsync(CliContext context, byte[] key, string shownAs, CancellationToken ct)
    {
        _context ??= context;
        if (_gnupgHome is null)
        {
            _gnupgHome = PrivateTempDirectory.Create("secretskit-gnupg-");
            _changes["GNUPGHOME"] = _gnupgHome.Path;
        }
        var result = await context.Processes.RunAsync(new ProcessSpec(Gpg(context), ["--batch", "--quiet", "--import"], key, GpgEnvironment(context)), ct);
        if (result.ExitCode != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"gpg could not import the key from {shownAs} (exit {result.ExitCode})");
        }
    }

    /// <summary>Decrypts with this age identity file (<c>SOPS_AGE_KEY_FILE</c>).</summary>
    public void UseAgeKeyFile(string path) => _changes["SOPS_AGE_KEY_FILE"] = path;

    /// <summary>Decrypts with these age identities, kept in memory only.</summary>
    public void UseAgeKey(string identities)
    {
        _changes["SOPS_AGE_KEY"] = identities;
        _changes["SOPS_AGE_KEY_FILE"] = null;
        _changes["SOPS_AGE_KEY_CMD"] = null;
    }

    /// <summary>The context to run with: <paramref name="context"/> with this keyring's variables.</summary>
    public CliContext Apply(CliContext context) =>
        _changes.Count == 0 ? context : HelmSecretsPluginCommand.Overlay(context, _changes);

    public async ValueTask DisposeAsync()
    {
        if (_gnupgHome is null) return;
        try
        {
            await _context!.Processes.RunAsync(new ProcessSpec("gpgconf", ["--kill", "gpg-agent"], null, GpgEnvironment(_context)));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or SecretsKitException)
        {
            // no gpgconf: no agent of ours to stop
        }
        _gnupgHome.Dispose();
        _gnupgHome = null;
    }

    private static string Gpg(CliContext context) => context.Environment.Get("SOPS_GPG_EXEC") ?? "gpg";

    private Dictionary<string, string> GpgEnvironment(CliContext context) =>
        new(context.Environment.Variables, StringComparer.Ordinal) { ["GNUPGHOME"] = _gnupgHome!.Path };
}
