using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// The <c>secrets</c> plugin's getter (helm runs it as <c>downloader certFile keyFile caFile URL</c>): parses the
/// helm-secrets URL (<see cref="HelmSecretsUrl"/>), brings its key along (an age key file, a GnuPG key imported into a
/// throw-away keyring, or either read from a Kubernetes Secret with the caller's kubeconfig), and prints the file
/// decrypted. Plaintext only goes to stdout; a plain file passes through; a missing <c>?optional</c> file prints nothing.
/// </summary>
internal static partial class HelmSecretsGetter
{
    /// <summary>What helm-secrets' sops backend greps for to call a literal encrypted.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("mac.*,type:str]")]
    private static partial System.Text.RegularExpressions.Regex SopsMac();

    public static async Task<int> RunAsync(CliContext context, HelmSecretsPluginOptions options, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (args.Count == 0) throw new SecretsKitException(ExitCodes.Generic, "usage: helm secrets downloader [certFile keyFile caFile] URL");
        var url = HelmSecretsUrl.Parse(args[^1]);
        var backend = options.BackendFor(url.Backend);
        var plain = url.IsLiteral
            ? await LiteralAsync(context, options, backend, url.File, ct)
            : await FileAsync(context, options, backend, url, ct);
        if (plain is null) return 0;
        await context.Stdout.WriteAsync(plain, ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }

    /// <summary>
    /// <c>secrets+literal://VALUE</c>: with sops, a value that is a sops-encrypted JSON document (helm-secrets tells it by
    /// its <c>mac</c>) is decrypted, anything else is printed as it is; other backends resolve it their way.
    /// </summary>
    public static async Task<byte[]> LiteralAsync(CliContext context, HelmSecretsPluginOptions options, HelmSecretsBackend backend, string literal, CancellationToken ct)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(literal);
        if (backend.Kind != HelmSecretsBackendKind.Sops) return await HelmSecretsBackendRunner.DecryptLiteralAsync(context, backend, literal, ct);
        if (!SopsMac().IsMatch(literal)) return bytes;
        var decryptOptions = HelmSecretsBackendArgs.DecryptOptions(context, options);
        try
        {
            return await SopsFileProbe.TryDecryptAsync(context.Engine, decryptOptions, bytes, "literal.json", ct) ?? bytes;
        }
        catch (SecretsKitException)
        {
            throw new SecretsKitException(ExitCodes.Generic, "Unable to decrypt literal value");
        }
    }

    private static async Task<byte[]?> FileAsync(CliContext context, HelmSecretsPluginOptions options, HelmSecretsBackend backend, HelmSecretsUrl url, CancellationToken ct)
    {
        var remote = RemoteValueFile.IsHttp(url.File);
        var path = remote ? RemoteValueFile.FileName(url.File) : context.FullPath(url.File);
        if (!remote)
        {
            if (url.File.Contains("://", StringComparison.Ordinal)) throw RemoteValueFile.NotFetched(url.File);
            options.CheckValuePath(url.File, context.Environment.CurrentDirectory);
            if (!File.Exists(path))
            {
                if (url.Optional || options.IgnoreMissingValues) return null;
                throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {url.File}");
            }
        }
        await using var keyring = new HelmSecretsKeyring();
        await BringKeyAsync(context, options, url, keyring, ct);
        var withKey = keyring.Apply(context);
        byte[] content;
        try
        {
            content = remote ? await RemoteValueFile.FetchAsync(url.File, context.Environment, ct) : await File.ReadAllBytesAsync(path, ct);
        }
        catch (SecretsKitException) when (remote && (url.Optional || options.IgnoreMissingValues))
        {
            return null;
        }
        catch (SecretsKitException e) when (remote)
        {
            // The download's own reason first (helm-secrets' curl/wget print theirs), then helm-secrets' line.
            await context.Stderr.WriteLineAsync(e.Message);
            throw new SecretsKitException(ExitCodes.Generic, $"Error while download url {RemoteValueFile.Redact(url.File)}");
        }
        if (backend.Kind != HelmSecretsBackendKind.Sops && !remote) return await HelmSecretsBackendRunner.DecryptFileAsync(withKey, backend, path, "yaml", ct);
        try
        {
            return await SopsFileProbe.TryDecryptAsync(withKey.Engine, HelmSecretsBackendArgs.DecryptOptions(withKey, options), content, path, ct) ?? content;
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {RemoteValueFile.Redact(url.File)}: {e.Message}", e.Hint, e);
        }
    }

    private static async Task BringKeyAsync(CliContext context, HelmSecretsPluginOptions options, HelmSecretsUrl url, HelmSecretsKeyring keyring, CancellationToken ct)
    {
        if (url.Import == KeyImport.None) return;
        var cwd = context.Environment.CurrentDirectory;
        var variable = (url.Import, url.FromKubernetes) switch
        {
            (KeyImport.Age, false) => "HELM_SECRETS_ALLOW_AGE_IMPORT",
            (KeyImport.Age, true) => "HELM_SECRETS_ALLOW_AGE_IMPORT_KUBERNETES",
            (_, false) => "HELM_SECRETS_ALLOW_GPG_IMPORT",
            _ => "HELM_SECRETS_ALLOW_GPG_IMPORT_KUBERNETES",
        };
        options.CheckImport(url.Scheme, variable, url.KeyFile, cwd);
        if (!url.FromKubernetes)
        {
            var keyPath = context.FullPath(url.KeyFile!);
            if (!File.Exists(keyPath)) throw new SecretsKitException(ExitCodes.Generic, $"key file {url.KeyFile} does not exist");
            if (url.Import == KeyImport.Age) keyring.UseAgeKeyFile(keyPath);
            else await keyring.ImportGpgAsync(context, await File.ReadAllBytesAsync(keyPath, ct), url.KeyFile!, ct);
            return;
        }
        var key = await KubernetesKeyReader.ReadAsync(context.Environment, context.Processes, url.SecretNamespace, url.SecretName!, url.SecretKey!, ct);
        var shown = $"Secret {url.SecretNamespace}{(url.SecretNamespace is null ? "" : "/")}{url.SecretName} key {url.SecretKey}";
        if (url.Import == KeyImport.Age) keyring.UseAgeKey(System.Text.Encoding.UTF8.GetString(key));
        else await keyring.ImportGpgAsync(context, key, shown, ct);
    }
}
