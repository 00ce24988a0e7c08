using SecretsKit.Core.Errors;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Age;

/// <summary>
/// Finds the age identities available for decryption, in sops' order (spec §10): SSH key file and command,
/// <c>~/.ssh/id_ed25519</c> and <c>id_rsa</c>, <c>SOPS_AGE_KEY</c>, <c>SOPS_AGE_KEY_FILE</c>, <c>SOPS_AGE_KEY_CMD</c>,
/// then <c>&lt;config dir&gt;/sops/age/keys.txt</c>. All sources are combined; a failing source is recorded as a
/// problem and the others still count. Passphrase-protected key files are decrypted once per instance.
/// </summary>
public sealed class AgeKeyDiscovery(KeySourceContext context, IPassphraseReader passphraseReader)
{
    public const string SshKeyFileVariable = "SOPS_AGE_SSH_PRIVATE_KEY_FILE";
    public const string SshKeyCommandVariable = "SOPS_AGE_SSH_PRIVATE_KEY_CMD";
    public const string KeyVariable = "SOPS_AGE_KEY";
    public const string KeyFileVariable = "SOPS_AGE_KEY_FILE";
    public const string KeyCommandVariable = "SOPS_AGE_KEY_CMD";
    public const string RecipientVariable = "SOPS_AGE_RECIPIENT";

    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _decryptedFiles = new(StringComparer.Ordinal);

    /// <summary>True when identity discovery depends on the recipient (a key command receives it).</summary>
    public bool UsesCommands =>
        context.Environment.Get(SshKeyCommandVariable) is not null || context.Environment.Get(KeyCommandVariable) is not null;

    /// <summary>Loads every source; <paramref name="recipient"/> is passed to key commands as SOPS_AGE_RECIPIENT.</summary>
    public async Task<AgeIdentitySet> DiscoverAsync(string recipient, CancellationToken cancellationToken = default)
    {
        var found = new Found();
        await AddSshSourcesAsync(found, recipient, cancellationToken);
        await AddAgeSourcesAsync(found, recipient, cancellationToken);
        return new AgeIdentitySet(found.Identities, found.Sources, found.Problems) { Warnings = found.Warnings };
    }

    /// <summary>What one discovery collected: identities, the sources looked at and the problems met, in order.</summary>
    private sealed class Found
    {
        public List<IAgeIdentity> Identities { get; } = [];

        public List<string> Sources { get; } = [];

        public List<string> Problems { get; } = [];

        /// <summary>Problems with a source a variable names (a file that cannot be read, a failing command): worth a warning even when another key works.</summary>
        public List<string> Warnings { get; } = [];

        /// <summary>Records the problems a variable's source added since <paramref name="before"/> as warnings too.</summary>
        public void WarnSince(int before)
        {
            for (var i = before; i < Problems.Count; i++) Warnings.Add(Problems[i]);
        }

        /// <summary>An SSH key; from a file (<paramref name="passphrases"/> given) a passphrase-protected one asks on first use, as sops does.</summary>
        public void AddSsh(byte[] text, string name, IPassphraseReader? passphrases = null)
        {
            try
            {
                Identities.Add(OpenSshPrivateKey.Parse(Encoding.UTF8.GetString(text), name, passphrases));
            }
            catch (AgeException e)
            {
                Problems.Add(e.Message);
            }
        }
    }

    /// <summary>SSH keys: the key file and command variables, then <c>~/.ssh/id_ed25519</c> and <c>id_rsa</c>.</summary>
    private async Task AddSshSourcesAsync(Found found, string recipient, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        if (env.Get(SshKeyFileVariable) is { } sshFile)
        {
            var name = $"{SshKeyFileVariable}={sshFile}";
            found.Sources.Add(name);
            sshFile = Path.GetFullPath(sshFile, env.CurrentDirectory);
            var before = found.Problems.Count;
            if (ReadFile(sshFile, name, found.Problems) is { } bytes) found.AddSsh(bytes, sshFile, passphraseReader);
            found.WarnSince(before);
        }
        if (env.Get(SshKeyCommandVariable) is { } sshCommand)
        {
            found.Sources.Add(SshKeyCommandVariable);
            var before = found.Problems.Count;
            var output = await RunCommandAsync(SshKeyCommandVariable, sshCommand, recipient, found.Problems, cancellationToken);
            found.WarnSince(before);
            if (output is not null) found.AddSsh(output, $"from {SshKeyCommandVariable}");
        }
        foreach (var file in Path.IsPathRooted(env.HomeDirectory) ? new[] { "id_ed25519", "id_rsa" } : [])
        {
            var path = Path.Combine(env.HomeDirectory, ".ssh", file);
            if (!File.Exists(path)) continue;
            found.Sources.Add(path);
            if (ReadFile(path, path, found.Problems) is { } bytes) found.AddSsh(bytes, path, passphraseReader);
        }
    }

    /// <summary>age keys: <c>SOPS_AGE_KEY</c>, the key file and command variables, then the user's keys.txt.</summary>
    private async Task AddAgeSourcesAsync(Found found, string recipient, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        if (env.Get(KeyVariable) is { } keyText)
        {
            found.Sources.Add(KeyVariable);
            await AddAgeAsync(found, Encoding.UTF8.GetBytes(keyText), KeyVariable, cancellationToken);
        }
        if (env.Get(KeyFileVariable) is { } keyFile)
        {
            var name = $"{KeyFileVariable}={keyFile}";
            found.Sources.Add(name);
            var before = found.Problems.Count;
            if (ReadFile(Path.GetFullPath(keyFile, env.CurrentDirectory), name, found.Problems) is { } bytes) await AddAgeAsync(found, bytes, name, cancellationToken);
            else found.WarnSince(before);
        }
        if (env.Get(KeyCommandVariable) is { } keyCommand)
        {
            found.Sources.Add(KeyCommandVariable);
            var before = found.Problems.Count;
            var output = await RunCommandAsync(KeyCommandVariable, keyCommand, recipient, found.Problems, cancellationToken);
            found.WarnSince(before);
            if (output is not null) await AddAgeAsync(found, output, $"output of {KeyCommandVariable}", cancellationToken);
        }
        if (UserKeysFile() is { } keysTxt && File.Exists(keysTxt))
        {
            found.Sources.Add(keysTxt);
            if (ReadFile(keysTxt, keysTxt, found.Problems) is { } bytes) await AddAgeAsync(found, bytes, keysTxt, cancellationToken);
        }
    }

    private async Task AddAgeAsync(Found found, byte[] content, string name, CancellationToken cancellationToken)
    {
        try
        {
            var plain = await DecryptIfEncryptedAsync(content, name, cancellationToken);
            found.Identities.AddRange(AgeIdentityParser.Parse(Encoding.UTF8.GetString(plain), name));
        }
        catch (AgeException e)
        {
            found.Problems.Add(e.Message);
        }
    }

    /// <summary><c>$XDG_CONFIG_HOME/sops/age/keys.txt</c> or <c>~/.config/sops/age/keys.txt</c> (macOS/Windows: their config dirs).</summary>
    public string? UserKeysFile()
    {
        var env = context.Environment;
        string? configDir;
        if (OperatingSystem.IsWindows())
        {
            configDir = env.Get("APPDATA");
        }
        else if (env.Get("XDG_CONFIG_HOME") is { } xdg)
        {
            configDir = Path.IsPathRooted(xdg) ? xdg : null; // like Go's os.UserConfigDir: a relative value is an error
        }
        else if (!Path.IsPathRooted(env.HomeDirectory))
        {
            configDir = null;
        }
        else
        {
            configDir = OperatingSystem.IsMacOS()
                ? Path.Combine(env.HomeDirectory, "Library", "Application Support")
                : Path.Combine(env.HomeDirectory, ".config");
        }
        return configDir is null ? null : Path.Combine(configDir, "sops", "age", "keys.txt");
    }

    private static byte[]? ReadFile(string path, string name, List<string> problems)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{name}: cannot read file: {e.Message}");
            return null;
        }
    }

    private async Task<byte[]?> RunCommandAsync(string variable, string command, string recipient,
        List<string> problems, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> words;
        try
        {
            words = ShellWords.Split(command);
        }
        catch (SecretsKitException e)
        {
            problems.Add($"{variable}: {e.Message}");
            return null;
        }
        if (words.Count == 0)
        {
            problems.Add($"{variable} is empty");
            return null;
        }
        var environment = new Dictionary<string, string>(context.Environment.Variables, StringComparer.Ordinal)
        {
            [RecipientVariable] = recipient,
        };
        var result = await context.Processes.RunAsync(
            new ProcessSpec(words[0], words.Skip(1).ToList(), null, environment, context.Environment.CurrentDirectory),
            cancellationToken);
        if (result.ExitCode != 0)
        {
            var err = result.StandardError.Trim();
            if (err.Length > 200) err = err[..200];
            problems.Add($"{variable} ({words[0]}) failed with exit code {result.ExitCode}{(err.Length > 0 ? ": " + err : "")}");
            return null;
        }
        return result.StandardOutput;
    }

    private async Task<byte[]> DecryptIfEncryptedAsync(byte[] content, string name, CancellationToken cancellationToken)
    {
        if (!AgeDecryptor.IsAgeFile(content)) return content;
        var hash = Convert.ToHexString(SHA256.HashData(content));
        var lazy = _decryptedFiles.GetOrAdd(hash, _ => new Lazy<Task<byte[]>>(
            () => DecryptWithPassphraseAsync(content, name, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await lazy.Value;
        }
        catch
        {
            _decryptedFiles.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(hash, lazy));
            throw;
        }
    }

    private async Task<byte[]> DecryptWithPassphraseAsync(byte[] content, string name, CancellationToken cancellationToken)
    {
        string passphrase;
        try
        {
            passphrase = await passphraseReader.ReadPassphraseAsync(
                $"Enter passphrase for age identity file {name}:", cancellationToken);
        }
        catch (AgeException e)
        {
            throw new AgeException($"{name} is passphrase-protected: {e.Message}", inner: e);
        }
        try
        {
            return AgeDecryptor.Decrypt(content, [new ScryptIdentity(passphrase)]);
        }
        catch (AgeNoIdentityMatchedException e)
        {
            throw new AgeException(e.StanzaTypes.Contains(ScryptRecipient.StanzaType)
                ? $"{name}: incorrect passphrase for the encrypted identity file"
                : $"{name}: the identity file is age-encrypted, but not with a passphrase");
        }
        catch (AgeException e)
        {
            throw new AgeException($"{name}: cannot decrypt the encrypted identity file: {e.Message}", inner: e);
        }
    }
}
