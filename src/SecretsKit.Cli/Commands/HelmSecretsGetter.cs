using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Decryption;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// The <c>secrets</c> plugin's getter (helm runs it as <c>downloader certFile keyFile caFile URL</c>): parses the
/// helm-secrets URL (<see cref="HelmSecretsUrl"/>), brings its key along (an age key file, a GnuPG key imported into a
/// throw-away keyring, or either read from a Kubernetes Secret with the caller's kubeconfig), and prints the file
/// decrypted. Plaintext only goes to stdout; a plain file passes through; a missing <c>?optional</c> file prints nothing.
/// </summary>
internal static class HelmSecretsGetter
{
    public static async Task<int> RunAsync(CliContext context, HelmSecretsPluginOptions options, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (args.Count == 0) throw new SecretsKitException(ExitCodes.Generic, "usage: helm secrets downloader [certFile keyFile caFile] URL");
        var url = HelmSecretsUrl.Parse(args[^1]);
        if (url.Backend is not null) options.CheckBackend(url.Backend);
        var remote = RemoteValueFile.IsHttp(url.File);
        var path = remote ? RemoteValueFile.FileName(url.File) : context.FullPath(url.File);
        if (!remote)
        {
            if (url.File.Contains("://", StringComparison.Ordinal)) throw RemoteValueFile.NotFetched(url.File);
            options.CheckValuePath(url.File, context.Environment.CurrentDirectory);
            if (!File.Exists(path))
            {
                if (url.Optional || options.IgnoreMissingValues) return 0;
                throw new SecretsKitException(ExitCodes.Generic, $"File does not exist: {url.File}", "prefix the file with ? to make it optional");
            }
        }
        await using var keyring = new HelmSecretsKeyring();
        await BringKeyAsync(context, options, url, keyring, ct);
        var withKey = keyring.Apply(context);
        var content = remote ? await RemoteValueFile.FetchAsync(url.File, context.Environment, ct) : await File.ReadAllBytesAsync(path, ct);
        var decryptOptions = new DecryptOptions(false, DecryptionOrder.Parse(withKey.Environment.Get("SOPS_DECRYPTION_ORDER")));
        byte[]? plain;
        try
        {
            plain = await SopsFileProbe.TryDecryptAsync(withKey.Engine, decryptOptions, content, path, ct);
        }
        catch (SecretsKitException e)
        {
            throw new SecretsKitException(e.ExitCode, $"Error while decrypting file: {RemoteValueFile.Redact(url.File)}: {e.Message}", e.Hint, e);
        }
        await context.Stdout.WriteAsync(plain ?? content, ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
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
        options.CheckImport(variable, url.KeyFile, cwd);
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
