using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Mfa;

/// <summary>
/// ESO's <c>MFA</c> generator: a TOTP code (RFC 6238) from the base32 seed in <c>spec.secret</c> (a Secret of the
/// ExternalSecret's namespace; spaces dropped, upper-cased), <c>length</c> digits (default 6), <c>timePeriod</c> seconds
/// (default 30), <c>algorithm</c> sha1 (default), sha256, sha384, sha512 or sha512_256, at <c>when</c> (RFC 3339) or now.
/// Keys <c>token</c> and <c>timeLeft</c> (seconds until the period ends).
/// </summary>
internal sealed class MfaGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("mfas", "MFA");

    public string ClusterSpecKey => "mfaSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var length = call.Integer("length") is long l && l > 0 ? l : 6;
        var period = call.Integer("timePeriod") is long p && p > 0 ? p : 30;
        if (length > 18) throw call.Fail("spec.length may be at most 18 digits");
        var when = call.Context.Time.GetUtcNow();
        if (Json.Str(call.Spec["when"]) is { Length: > 0 } given
            && !DateTimeOffset.TryParse(given, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out when))
        {
            throw call.Fail("spec.when is not an RFC 3339 time");
        }
        var algorithm = Json.Str(call.Spec["algorithm"]) is { Length: > 0 } a ? a : "sha1";
        var seed = await call.ReadSecretTextAsync(call.Spec["secret"], "spec.secret", ct);
        var key = Base32.Decode(seed.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            ?? throw call.Fail("failed to generate code for token key: the seed is not base32");
        var unix = when.ToUnixTimeSeconds();
        var counter = (ulong)Math.Floor((double)unix / period);
        var code = Totp.Code(algorithm, key, counter, (int)length) ?? throw call.Fail($"{Core.Errors.Echo.Bounded(algorithm)} for hash function is invalid");
        var left = period - (unix % period);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["token"] = Encoding.ASCII.GetBytes(code),
            ["timeLeft"] = Encoding.ASCII.GetBytes(left.ToString(CultureInfo.InvariantCulture)),
        };
    }
}
