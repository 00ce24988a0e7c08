using System.Globalization;
using System.Text;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Age;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.Formats.Registry;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// Decrypts <c>spec.sops</c> with the Core engine (data key recovery, value decryption, MAC check), then refuses unless the
/// SopsSecret's namespace is in the document's encrypted <c>namespaces</c>. age identities come only from the key Secret
/// (in memory, through an isolated environment: no files, no agent-wide keys); cloud keys use the agent's environment
/// (workload identity). Every failure is a <see cref="ReconcileException"/> whose message names paths, never values.
/// </summary>
internal sealed class SopsSecretDecryptor(TimeProvider time, KeySourceContext cloudContext, CloudKeyOptions? cloudOptions = null)
{
    public async Task<SopsDecryptResult> DecryptAsync(SopsSecretResource sops, SopsKeyMaterial? keys, CancellationToken ct)
    {
        var where = $"SopsSecret {sops.Key}";
        var fileName = $"{where} spec.sops";
        var (document, refusal) = Parse(sops, where, fileName);
        var decrypted = await DecryptDocumentAsync(document, fileName, keys, ct);
        var plain = decrypted.Plain.Branches[0];
        var allowed = SopsPayload.Namespaces(plain, document.Tree.Branches[0], decrypted.Metadata.MacOnlyEncrypted, where);
        if (!allowed.Contains(sops.Namespace, StringComparer.Ordinal))
        {
            throw new ReconcileException(SopsReasons.NamespaceNotAllowed,
                $"{where}: namespace '{sops.Namespace}' is not listed in the encrypted 'namespaces' of the document; refusing to decrypt it here");
        }
        return new SopsDecryptResult(SopsPayload.Data(plain, where)) { SopsRefusal = refusal };
    }

    /// <summary><c>spec.sops</c> as one SOPS-encrypted YAML or JSON document, and why sops 3.13 would refuse it (null: it would not).</summary>
    private static (EncryptedDocument Document, string? SopsRefusal) Parse(SopsSecretResource sops, string where, string fileName)
    {
        if (string.IsNullOrWhiteSpace(sops.Document))
        {
            throw new ReconcileException(SopsReasons.InvalidSpec,
                $"{where}: spec.sops must hold the SOPS-encrypted document as a string (use a block scalar 'sops: |')");
        }
        var format = FormatRegistry.Create(sops.Document.TrimStart().StartsWith('{') ? "json" : "yaml");
        EncryptedDocument document;
        var bytes = Encoding.UTF8.GetBytes(sops.Document);
        try
        {
            document = SecretFileReader.Parse(bytes, fileName, format);
        }
        catch (SecretsKitException e)
        {
            throw new ReconcileException(SopsReasons.InvalidDocument, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ReconcileException(SopsReasons.InvalidDocument, $"{fileName} is not a SOPS-encrypted YAML or JSON document ({e.GetType().Name})");
        }
        if (document.Tree.Branches.Count != 1)
        {
            throw new ReconcileException(SopsReasons.InvalidDocument, $"{fileName} must hold exactly one document, not {document.Tree.Branches.Count}");
        }
        return (document, format.SopsRefusal(bytes));
    }

    /// <summary>Data key recovery, value decryption and MAC check, each failure mapped to its condition reason.</summary>
    private async Task<DecryptedFile> DecryptDocumentAsync(EncryptedDocument document, string fileName, SopsKeyMaterial? keys, CancellationToken ct)
    {
        try
        {
            var engine = new SopsEngine(Registry(keys), time);
            return await engine.DecryptAsync(document, fileName, DecryptOptions.Default, ct);
        }
        catch (MacMismatchException e)
        {
            throw new ReconcileException(SopsReasons.MacMismatch, e.Message);
        }
        catch (NoKeyMatchedException e)
        {
            throw new ReconcileException(SopsReasons.DecryptionFailed, NoKeyMessage(fileName, e, keys));
        }
        catch (SecretsKitException e) when (e.ExitCode == ExitCodes.ErrorDecryptingTree)
        {
            // A value whose GCM tag fails is a tampered (or transplanted) value: an integrity failure like a MAC mismatch.
            throw new ReconcileException(SopsReasons.MacMismatch, $"{fileName}: integrity check failed: {e.Message}");
        }
        catch (SecretsKitException e)
        {
            throw new ReconcileException(SopsReasons.DecryptionFailed, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Messages of foreign exceptions are not ours to vouch for: report the type only.
            throw new ReconcileException(SopsReasons.DecryptionFailed, $"{fileName}: decryption failed ({e.GetType().Name})");
        }
    }

    /// <summary>age from the key Secret only (an environment holding nothing else); the cloud sources from the agent's context.</summary>
    private KeySourceRegistry Registry(SopsKeyMaterial? keys)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys is not null) variables[AgeKeyDiscovery.KeyVariable] = keys.Identities;
        var ageContext = new KeySourceContext(new MapEnvironment(variables, "", "/"), cloudContext.Processes, time);
        var registry = new KeySourceRegistry().Register(new AgeKeySource(ageContext, NoPassphraseReader.Instance));
        return CloudKeySources.Register(registry, cloudContext, cloudOptions);
    }

    private static string NoKeyMessage(string fileName, NoKeyMatchedException e, SopsKeyMaterial? keys)
    {
        var lines = new StringBuilder($"{fileName}: no key could decrypt the data key");
        foreach (var a in e.Attempts)
        {
            var reason = a.KeyType == KeyKinds.Age.MetadataKey
                ? keys is null
                    ? "no age identity: spec.decryption.keySecretRef is not set"
                    : a.Reason.Replace(AgeKeyDiscovery.KeyVariable, keys.Source, StringComparison.Ordinal)
                : a.Reason.Replace("SOPS_HC_VAULT_ALLOWLIST (comma-separated) or set it to 'all'", "the agent's --vault-allowlist (chart value vaultAllowlist)", StringComparison.Ordinal)
                    .Replace("SOPS_HC_VAULT_ALLOWLIST", "the agent's --vault-allowlist", StringComparison.Ordinal);
            lines.Append(CultureInfo.InvariantCulture, $"; {a.KeyType} {a.Identifier}: {reason}");
        }
        return lines.ToString();
    }
}
