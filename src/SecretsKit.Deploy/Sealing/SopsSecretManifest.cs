using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A Secret written as the agent's <c>SopsSecret</c>: the encrypted document in <c>spec.sops</c> holds the namespace it
/// may be decrypted in and the Secret's data (base64, as the API server stores it), every value encrypted and covered by
/// the MAC; the SopsSecret carries the Secret's name, labels and annotations, and its target says how the agent writes
/// the Secret back (name, type, labels, annotations). The ciphertext of an earlier sealing is kept when nothing changed.
/// </summary>
internal sealed class SopsSecretManifest(SopsEngine engine, SealOptions options, DecryptOptions? decryptPrevious)
{
    public const string ApiVersion = "secretskit.io/v1alpha1";

    /// <summary>Annotations of tools that act on the object itself (helm, Argo CD, Flux, kubectl), not copied to the target Secret.</summary>
    private static readonly string[] ToolPrefixes =
        ["helm.sh/", "meta.helm.sh/", "postrenderer.helm.sh/", "argocd.argoproj.io/", "kustomize.toolkit.fluxcd.io/", "kubectl.kubernetes.io/", "secretskit.io/sealed-"];

    public async Task<string> WriteAsync(RenderedSecret secret, string ns, List<KeyValuePair<string, byte[]>> data, string digest, CancellationToken ct)
    {
        var payload = new TreeBranch([
            new TreeItem("namespaces", new Sequence([new StringValue(ns)])),
            new TreeItem("data", new TreeBranch(data.Select(d => new TreeItem(d.Key, new StringValue(Convert.ToBase64String(d.Value)))).ToList())),
        ]);
        var sops = Kept(secret, digest) ?? await KeptAfterDecryptAsync(secret, payload, ct) ?? await EncryptAsync(payload, ct);
        return Encoding.UTF8.GetString(new YamlFormat(2).EmitPlain(new SopsTree([Manifest(secret, digest, sops)])));
    }

    private string? Kept(RenderedSecret secret, string digest) =>
        options.Previous.FirstOrDefault(p => p.Kind == "SopsSecret" && p.Name == secret.Name && p.Digest == digest)?.Payload;

    /// <summary>
    /// <c>render</c>'s "decrypt, compare, keep": the previous document of this name decrypts (keys permitting) to the same
    /// payload for the same recipients: its ciphertext is kept. Null otherwise.
    /// </summary>
    private async Task<string?> KeptAfterDecryptAsync(RenderedSecret secret, TreeBranch payload, CancellationToken ct)
    {
        if (decryptPrevious is null || options.Previous.FirstOrDefault(p => p.Kind == "SopsSecret" && p.Name == secret.Name) is not { } previous) return null;
        try
        {
            var document = new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes(previous.Payload));
            var decrypted = await engine.DecryptAsync(document, $"SopsSecret {secret.Name}", decryptPrevious, ct);
            var sameKeys = SealRecipients.Of(engine.Registry, decrypted.Metadata).Describe() == options.Recipients.Describe();
            return sameKeys && decrypted.Plain.Branches.Count == 1 && decrypted.Plain.Branches[0].Equals(payload) ? previous.Payload : null;
        }
        catch (SecretsKitException)
        {
            return null; // no key here for the cluster's recipients, or not a SOPS document: sealed anew
        }
    }

    private async Task<string> EncryptAsync(TreeBranch payload, CancellationToken ct)
    {
        var encrypted = await engine.EncryptAsync(new SopsTree([payload]), options.Recipients.Settings(null), ct);
        return Encoding.UTF8.GetString(encrypted.Emit(new YamlFormat()));
    }

    private TreeBranch Manifest(RenderedSecret secret, string digest, string sops)
    {
        var metadata = new List<TreeItem> { new("name", new StringValue(secret.Name)) };
        if (secret.Namespace is { } ns) metadata.Add(new TreeItem("namespace", new StringValue(ns)));
        if (secret.Labels.Count > 0) metadata.Add(new TreeItem("labels", Map(secret.Labels)));
        metadata.Add(new TreeItem("annotations", Map([.. secret.Annotations.Where(a => a.Key != SealDigest.Annotation), new(SealDigest.Annotation, digest)])));
        var spec = new List<TreeItem>();
        if (options.KeySecret is { } key)
        {
            var reference = new List<TreeItem> { new("name", new StringValue(key.Name)) };
            if (key.Key is { } entry) reference.Add(new TreeItem("key", new StringValue(entry)));
            spec.Add(new TreeItem("decryption", new TreeBranch([new TreeItem("keySecretRef", new TreeBranch(reference))])));
        }
        spec.Add(new TreeItem("target", Target(secret)));
        spec.Add(new TreeItem("sops", new StringValue(sops)));
        return new TreeBranch([
            new TreeItem("apiVersion", new StringValue(ApiVersion)),
            new TreeItem("kind", new StringValue("SopsSecret")),
            new TreeItem("metadata", new TreeBranch(metadata)),
            new TreeItem("spec", new TreeBranch(spec)),
        ]);
    }

    private static TreeBranch Target(RenderedSecret secret)
    {
        var target = new List<TreeItem> { new("name", new StringValue(secret.Name)) };
        if (secret.Type != "Opaque") target.Add(new TreeItem("type", new StringValue(secret.Type)));
        if (secret.Labels.Count > 0) target.Add(new TreeItem("labels", Map(secret.Labels)));
        var annotations = secret.Annotations.Where(a => !ToolPrefixes.Any(p => a.Key.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (annotations.Count > 0) target.Add(new TreeItem("annotations", Map(annotations)));
        return new TreeBranch(target);
    }

    private static TreeBranch Map(IEnumerable<KeyValuePair<string, string>> entries) =>
        new(entries.Select(e => new TreeItem(e.Key, new StringValue(e.Value))).ToList());
}
