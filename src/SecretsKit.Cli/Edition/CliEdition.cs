using SecretsKit.Cloud;
using SecretsKit.Cloud.Aws.Keys;
using SecretsKit.Cloud.KeyService;
using SecretsKit.Core.KeyService;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Recipients;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Cli.Edition;

/// <summary>
/// What the full CLI (this project) and the lean native CLI (src/SecretsKit.Cli.Lean, built from this project's sources
/// without <c>Edition/</c>, <c>Commands/HelmSecrets/</c> and <c>Commands/Deploy/</c>) do differently, outside the command
/// table: the full CLI has every key source and remote key services, reads standard input as it comes, and never hands a
/// run over. The lean build's own <c>Edition/CliEdition.cs</c> has the same members.
/// </summary>
internal static class CliEdition
{
    /// <summary>Every key source SecretsKit.Cloud registers: the local ones and the cloud ones.</summary>
    public static KeySourceRegistry KeySources(KeySourceContext context, Action<string> warn) => CloudKeySources.CreateRegistry(context, warn);

    /// <summary>This process's standard input.</summary>
    public static Stream OpenStdin() => Console.OpenStandardInput();

    /// <summary>A client per <c>--keyservice</c> address (each parsed first: a bad one fails before any client exists).</summary>
    public static IReadOnlyList<(string Uri, bool IsLocal, IKeyService Client)> ConnectKeyServices(IReadOnlyList<string> uris)
    {
        var addresses = uris.Select(KeyServiceAddress.Parse).ToList();
#pragma warning disable CA2000 // the clients live as long as the process's one command
        return addresses.Select(a => (a.Uri, a.IsLocal, (IKeyService)new GrpcKeyServiceClient(a))).ToList();
#pragma warning restore CA2000
    }

    /// <summary><c>--encryption-context</c> parsed exactly as sops does (<see cref="KmsEncryptionContext.Parse"/>).</summary>
    public static IReadOnlyDictionary<string, string> ParseEncryptionContext(string text) => KmsEncryptionContext.Parse(text);

    /// <summary>The error to report for <paramref name="failure"/>: the full CLI hands nothing over, so the failure itself.</summary>
    public static Exception HandOver(Exception failure) => failure;

    /// <summary>
    /// <c>scan --recipients DIR</c>: the recipients two environments of DIR's promotion file share, read from the helmfile
    /// state there without a private key (<see cref="EnvironmentRecipients.ScanAsync"/>); none without a promotion file.
    /// </summary>
    public static Task<IReadOnlyList<RecipientFinding>> EnvironmentRecipientsAsync(string directory, IEnvironment environment, IProcessRunner processes,
        SopsEngine engine, Action<string> warn, CancellationToken ct) =>
        EnvironmentRecipients.ScanAsync(directory, new StateLoadOptions(StateLoadOptions.DefaultEnvironment, [], [], false, environment, processes,
            new ReleaseDecryption(engine, DecryptOptions.Default, null)) { Warn = warn }, ct);
}
