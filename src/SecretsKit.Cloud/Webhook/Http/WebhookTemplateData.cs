using System.Text;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;

namespace SecretsKit.Cloud.Webhook.Http;

/// <summary>
/// ESO's webhook template data: <c>remoteRef</c> (<c>key</c>, <c>version</c>, <c>property</c>, <c>namespace</c>) when a
/// reference is read (<c>remoteKey</c>, <c>secretKey</c> and the value when one is pushed: then all escaped),
/// plus one map per <c>secrets[].name</c>; the url gets the same data with values URL-escaped.
/// </summary>
public static class WebhookTemplateData
{
    public static (Dictionary<string, object?> Raw, Dictionary<string, object?> Escaped) Build(
        IReadOnlyDictionary<string, string>? remoteRef, IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> secrets, bool escapeAll = false)
    {
        var raw = new Dictionary<string, object?>(StringComparer.Ordinal);
        var escaped = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, data) in secrets)
        {
            var values = GoTypedDictionary.Strings(data.Select(kv => KeyValuePair.Create(kv.Key, GoString.FromBytes(kv.Value))));
            raw[name] = values;
            escaped[name] = values;
        }
        if (remoteRef is not null)
        {
            raw["remoteRef"] = GoTypedDictionary.Strings(remoteRef);
            // Go's url.QueryEscape: space as '+', everything but unreserved characters %-escaped (namespace unescaped, as ESO)
            escaped["remoteRef"] = GoTypedDictionary.Strings(remoteRef.Select(kv =>
                KeyValuePair.Create(kv.Key, kv.Key == "namespace" && !escapeAll ? kv.Value : QueryEscape(kv.Value))));
        }
        return (raw, escaped);
    }

    private static string QueryEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~') sb.Append((char)b);
            else if (b == (byte)' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
