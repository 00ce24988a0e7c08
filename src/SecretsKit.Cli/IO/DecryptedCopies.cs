using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.IO;

/// <summary>How helm-secrets names the decrypted copy of a file, which <c>dec</c> writes and <c>scan</c> looks for.</summary>
internal static class DecryptedCopies
{
    /// <summary>helm-secrets' suffix for decrypted files (<c>HELM_SECRETS_DEC_SUFFIX</c>, default <c>.dec</c>).</summary>
    public static string Suffix(CliContext context) => context.Environment.Get("HELM_SECRETS_DEC_SUFFIX") ?? ".dec";
}
