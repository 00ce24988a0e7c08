using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Metadata;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A Secret written as the SOPS document Flux's kustomize-controller decrypts: the <c>v1/Secret</c> itself, with
/// <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> in plain text and only <c>data</c>/<c>stringData</c> encrypted
/// (<see cref="EncryptedRegex"/>), a top-level <c>sops</c> key, its own data key and MAC per Secret. The earlier text is
/// kept when nothing changed; with the keys to decrypt it, a changed annotation keeps the values' ciphertext.
/// </summary>
internal sealed class FluxSecretManifest(SopsEngine engine, SealOptions options, DecryptOptions? decryptPrevious)
{
    /// <summary>What kustomize-controller's documentation asks for: metadata, kind and apiVersion stay readable.</summary>
    public const string EncryptedRegex = "^(data|stringData)$";

    public async Task<string> WriteAsync(RenderedSecret secret, TreeBranch substituted, string digest, CancellationToken ct)
    {
        var plain = WithDigest(substituted, digest);
        if (options.Previous.FirstOrDefault(p => p.Kind == "Secret" && p.Name == secret.Name && p.Namespace == secret.Namespace && p.Digest == digest) is { } same)
        {
            return same.Payload;
        }
        var encrypted = await ReencryptPreviousAsync(secret, plain, ct)
            ?? await engine.EncryptAsync(new SopsTree([plain]), options.Recipients.Settings(new CryptRules(EncryptedRegex: EncryptedRegex)), ct);
        return Encoding.UTF8.GetString(encrypted.Emit(new YamlFormat()));
    }

    /// <summary>
    /// The previous document of this Secret, decrypted (keys permitting) and sealed again with its own data key and the IVs
    /// of unchanged values, so only what changed differs; null when there is none, it cannot be decrypted here, or the
    /// cluster's recipients changed.
    /// </summary>
    private async Task<EncryptedFile?> ReencryptPreviousAsync(RenderedSecret secret, TreeBranch plain, CancellationToken ct)
    {
        if (decryptPrevious is null || options.Previous.FirstOrDefault(p => p.Kind == "Secret" && p.Name == secret.Name && p.Namespace == secret.Namespace) is not { } previous)
        {
            return null;
        }
        try
        {
            var document = new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes(previous.Payload));
            var decrypted = await engine.DecryptAsync(document, $"Secret {secret.Name}", decryptPrevious, ct);
            if (SealRecipients.Of(engine.Registry, decrypted.Metadata).Describe() != options.Recipients.Describe()
                || decrypted.Metadata.Rules.EncryptedRegex != EncryptedRegex || decrypted.Metadata.MacOnlyEncrypted)
            {
                return null;
            }
            return engine.Reencrypt(decrypted, new SopsTree([plain]));
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    private static TreeBranch WithDigest(TreeBranch secret, string digest) =>
        new(secret.Items.Select(i => i.Key == "metadata" && i.Value is TreeBranch m ? new TreeItem("metadata", WithAnnotation(m, digest)) : i).ToList());

    private static TreeBranch WithAnnotation(TreeBranch metadata, string digest)
    {
        var items = metadata.Items.Where(i => !i.IsComment && i.Key != "annotations").ToList();
        var annotations = (metadata.Get("annotations") as TreeBranch)?.Items.Where(i => !i.IsComment && i.Key != SealDigest.Annotation).ToList() ?? [];
        annotations.Add(new TreeItem(SealDigest.Annotation, new StringValue(digest)));
        items.Add(new TreeItem("annotations", new TreeBranch(annotations)));
        return new TreeBranch(items);
    }
}
