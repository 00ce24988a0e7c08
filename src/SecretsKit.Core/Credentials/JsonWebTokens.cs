using System.Text.Json;

namespace SecretsKit.Core.Credentials;

/// <summary>
/// Care for the JSON Web Token shape: three base64url parts are a token only when the first decodes to a JSON object
/// naming its <c>alg</c> and the second to a JSON object (the claims), so a base64 run that happens to start with
/// <c>eyJ</c> twice is not reported.
/// </summary>
internal static class JsonWebTokens
{
    /// <summary>Largest part decoded: far above any real header or claim set.</summary>
    private const int MaxPartLength = 64 * 1024;

    public static bool HasJsonParts(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return false;
        return Decode(parts[0]) is { } header && IsObject(header, "alg") && Decode(parts[1]) is { } claims && IsObject(claims, null);
    }

    private static byte[]? Decode(string part)
    {
        if (part.Length > MaxPartLength) return null;
        var base64 = part.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var n) ? bytes[..n] : null;
    }

    private static bool IsObject(byte[] json, string? requiredString)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            return requiredString is null
                || (document.RootElement.TryGetProperty(requiredString, out var value) && value.ValueKind == JsonValueKind.String);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
