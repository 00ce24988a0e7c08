using System.Text;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Webhook.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Webhook.Stores;

/// <summary>
/// PushSecret as ESO's <c>webhook</c> provider sends it, under the same host rules as reads (<see cref="WebhookCall"/>):
/// a push is one request with <c>method</c> (default POST), the templates seeing <c>remoteRef.remoteKey</c>,
/// <c>remoteRef.secretKey</c> (when the entry has one) and <c>remoteRef.&lt;remoteKey&gt;</c>, the pushed value (URL-escaped
/// in the url); without <c>body</c> the value itself is sent (ESO's default body <c>{{ .remoteRef.&lt;remoteKey&gt; }}</c>,
/// so a remote key that is not a template field name fails as in ESO, and is never parsed as template text). A delete
/// is <c>DELETE</c> to the url with <c>remoteRef.remoteKey</c>; 404 means already gone. Exists is the read request for the
/// key (404: absent). The service decides what it stores: no ownership marker is kept here.
/// </summary>
internal sealed partial class WebhookSecretStore : ISecretStoreWriter
{
    public async Task<bool> SecretExistsAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (raw, escaped) = WebhookTemplateData.Build(ReadRef(reference.RemoteKey, null), secrets);
        try
        {
            await call.SendAsync(raw, escaped, reference.RemoteKey, cancellationToken);
            return true;
        }
        catch (SecretNotFoundException)
        {
            return false;
        }
    }

    public async Task SetSecretAsync(PushRef reference, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(value);
        var key = reference.RemoteKey is { Length: > 0 } k ? k : throw new SecretsKitException(ExitCodes.Generic, "webhook: remote key must be defined");
        var text = Encoding.UTF8.GetString(value);
        var remoteRef = new Dictionary<string, string>(StringComparer.Ordinal) { ["remoteKey"] = key };
        if (reference.Source?.SecretKey is { Length: > 0 } secretKey) remoteRef["secretKey"] = secretKey;
        remoteRef[key] = text;
        var (raw, escaped) = WebhookTemplateData.Build(remoteRef, secrets, escapeAll: true);
        string? body = SpecJson.Str(spec["body"]);
        if (string.IsNullOrEmpty(body))
        {
            // ESO renders "{{ .remoteRef.<remoteKey> }}": the value, when the key is a field name; a parse error otherwise
            if (!IsFieldName(key)) throw new SecretsKitException(ExitCodes.Generic, $"webhook: failed to push webhook data: failed to parse body: remote key {Echo.Bounded(key)} is not a template field name");
            body = "{{ .remoteRef." + key + " }}";
        }
        var method = SpecJson.Str(spec["method"]) is { Length: > 0 } m ? m : "POST";
        try
        {
            await call.SendAsync(raw, escaped, key, method, body, "failed to push webhook data: endpoint", cancellationToken);
        }
        catch (SecretNotFoundException)
        {
            throw new SecretsKitException(ExitCodes.Generic, "webhook: failed to push webhook data: endpoint gave error 404 Not Found");
        }
    }

    public async Task DeleteSecretAsync(PushRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var remoteRef = new Dictionary<string, string>(StringComparer.Ordinal) { ["remoteKey"] = reference.RemoteKey };
        var (raw, _) = WebhookTemplateData.Build(remoteRef, secrets);
        try
        {
            // ESO templates the delete url with the remote key as it is (not escaped); the host stays pinned
            await call.SendAsync(raw, raw, reference.RemoteKey, "DELETE", null, "delete endpoint", cancellationToken);
        }
        catch (SecretNotFoundException)
        {
            // already gone
        }
    }

    private static Dictionary<string, string> ReadRef(string key, string? property) => new(StringComparer.Ordinal)
    {
        ["key"] = key, ["version"] = "", ["property"] = property ?? "", ["namespace"] = "",
    };

    /// <summary>A Go template field name: a letter or underscore, then letters, digits or underscores.</summary>
    private static bool IsFieldName(string key) =>
        (char.IsLetter(key[0]) || key[0] == '_') && key.All(ch => char.IsLetterOrDigit(ch) || ch == '_');
}
