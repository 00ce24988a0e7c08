using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Templates;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// The <c>expiry</c> key of the registry token generators (Quay, Cloudsmith): the <c>exp</c> claim of the JWT the
/// registry issued, read without verifying it, printed as ESO's <c>ExtractJWTExpiration</c> does.
/// </summary>
internal static class JwtExpiry
{
    /// <summary>The token's <c>exp</c> claim as Go prints a float64 (ESO's <c>ExtractJWTExpiration</c>).</summary>
    public static string Of(GeneratorCall call, string jwt)
    {
        var parts = jwt.Split('.');
        JsonNode? claims = null;
        try
        {
            if (parts.Length == 3)
            {
                var b64 = parts[1].Replace('-', '+').Replace('_', '/');
                claims = JsonNode.Parse(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=')));
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }
        if (claims is null) throw call.Fail("error getting claims: the token is not a JWT");
        return claims["exp"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? GoFloat.FormatF(v.GetValue<double>())
            : throw call.Fail("exp claim not found or wrong type");
    }
}
