using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// Seals a rendered manifest stream whose decrypted values helm only saw as placeholders: each <c>v1/Secret</c> holding
/// placeholders in its <c>data</c> (base64, as <c>b64enc</c> leaves them) or <c>stringData</c> gets its values back and is
/// written encrypted (<see cref="SealFormat"/>); every other document is kept byte for byte. A placeholder anywhere else
/// (another kind, a Secret's metadata, a hook), or changed beyond recognition, fails the whole stream, naming the
/// template, the object and the values key, never a value: nothing is written half-sealed.
/// </summary>
public sealed partial class SecretSealer(SopsEngine engine, PlaceholderTable table, SealOptions options)
{
    private readonly List<string> _problems = [];

    /// <summary>The Secrets sealed by the last <see cref="SealAsync"/>.</summary>
    public List<SealedObject> Sealed { get; } = [];

    /// <summary>Decrypts a document sealed before, to keep its ciphertext when the plaintext is the same (<c>render</c>); null: only the digest decides.</summary>
    public DecryptOptions? DecryptPrevious { get; init; }

    public async Task<string> SealAsync(string stream, CancellationToken ct)
    {
        Sealed.Clear();
        _problems.Clear();
        var output = new List<ManifestDocuments.Document>();
        foreach (var document in ManifestDocuments.Split(stream))
        {
            output.Add(document.HasContent ? await SealDocumentAsync(document, ct) : document);
        }
        if (_problems.Count > 0)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"release {options.Release}: --secrets-as {SealFormats.Name(options.Format)} cannot seal the rendering:\n"
                + string.Concat(_problems.Distinct(StringComparer.Ordinal).Select(p => "  " + p + "\n")).TrimEnd('\n'),
                "a decrypted value may only reach a Secret's data or stringData, as it is or through quote, toString, trim or b64enc");
        }
        return ManifestDocuments.Join(output);
    }

    private async Task<ManifestDocuments.Document> SealDocumentAsync(ManifestDocuments.Document document, CancellationToken ct)
    {
        var exact = new List<PlaceholderScanner.Hit>();
        var changed = new List<PlaceholderScanner.Changed>();
        PlaceholderScanner.FindAll(document.Text, table, exact, changed);
        var holds = exact.Count > 0 || changed.Count > 0;
        // a Secret is read even when nothing shows: its data is base64, and may hold base64 of a placeholder (a dockerconfigjson's auth)
        if (!holds && !SecretKind().IsMatch(document.Text)) return document;
        var tree = Parse(document.Text);
        var secret = tree is null ? null : RenderedSecret.Read(tree);
        if (secret is null)
        {
            if (holds) ReportOutside(document, tree, "", exact, changed);
            return document;
        }
        return await SealSecretAsync(document, secret, exact, changed, ct);
    }

    private async Task<ManifestDocuments.Document> SealSecretAsync(ManifestDocuments.Document document, RenderedSecret secret,
        List<PlaceholderScanner.Hit> exact, List<PlaceholderScanner.Changed> changed, CancellationToken ct)
    {
        var where = $"{document.Template ?? "a document"}: Secret {secret.Name}";
        if (secret.IsHook)
        {
            if (exact.Count > 0 || changed.Count > 0) Problem($"{where} is a helm hook ({Keys(exact, changed)}): a hook runs before the agent could write it, and Helm 3 never post-renders hooks; keep decrypted values out of hook Secrets");
            return document;
        }
        var before = _problems.Count;
        CheckOutsideData(where, secret.Tree);
        var data = Substitute(where, secret.Tree);
        if (_problems.Count > before) return document;
        if (data.Used.Count == 0)
        {
            if (options.RefusePlainSecrets && data.Values.Count > 0)
            {
                Problem($"{where} has data that holds no decrypted value and would be written in plain text: pass --allow-plaintext-secrets to write it as it is");
            }
            return document;
        }
        var ns = secret.Namespace ?? options.Namespace;
        var digest = SealDigest.Of(options.Format, options, ns, secret.Tree);
        var text = options.Format == SealFormat.SopsSecret
            ? await new SopsSecretManifest(engine, options, DecryptPrevious).WriteAsync(secret, ns, data.Values, digest, ct)
            : await new FluxSecretManifest(engine, options, DecryptPrevious).WriteAsync(secret, data.Tree, digest, ct);
        Sealed.Add(new SealedObject(options.Format == SealFormat.SopsSecret ? "SopsSecret" : "Secret", secret.Namespace, secret.Name,
            data.Values.Select(v => v.Key).ToList()));
        var comments = options.Format == SealFormat.SopsSecret ? ManifestDocuments.Comments(document.Text) : "";
        return document with { Text = comments + text };
    }

    /// <summary>The document's tree, or null when it cannot be read as YAML (a problem only when it holds a placeholder).</summary>
    internal static TreeBranch? Parse(string text)
    {
        try
        {
            return new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(text)).Branches.FirstOrDefault(b => b.Items.Any(i => !i.IsComment));
        }
        catch (SecretsKitException)
        {
            return null;
        }
    }

    private void ReportOutside(ManifestDocuments.Document document, TreeBranch? tree, string path, List<PlaceholderScanner.Hit> exact, List<PlaceholderScanner.Changed> changed)
    {
        var kind = tree is null ? "a document" : $"{RenderedSecret.Text(tree.Get("kind")) ?? "an object"} {RenderedSecret.Text((tree.Get("metadata") as TreeBranch)?.Get("name")) ?? ""}".TrimEnd();
        var where = $"{document.Template ?? "a document"}: {kind}{(path.Length > 0 ? " " + path : "")}";
        foreach (var hit in exact)
        {
            Problem($"{where} holds {Name(hit.Key)} outside a Secret's data: with --secrets-as, helm never sees a decrypted value, so it can only be put back into a Secret's data or stringData");
        }
        ReportChanged(where, changed);
    }

    private void ReportChanged(string where, List<PlaceholderScanner.Changed> changed)
    {
        foreach (var c in changed)
        {
            Problem($"{where} holds {Name(c.Key)} changed by a template function ({c.How}), so its value cannot be put back: pass the value on as it is (quote, toString, trim and b64enc keep it)");
        }
    }

    private void Problem(string text) => _problems.Add(text);

    private static string Name(string? key) => key is null ? "a placeholder" : $"the placeholder of values key {key}";

    private static string Keys(List<PlaceholderScanner.Hit> exact, List<PlaceholderScanner.Changed> changed)
    {
        var keys = exact.Select(h => h.Key).Concat(changed.Select(c => c.Key)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return keys.Count == 0 ? "placeholders" : "values key " + string.Join(", ", keys);
    }

    [GeneratedRegex(@"^kind:\s*[""']?Secret[""']?\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKind();
}
