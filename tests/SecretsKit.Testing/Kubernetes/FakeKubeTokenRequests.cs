using System.Globalization;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>One TokenRequest the fake answered: for whom, the audiences and lifetime asked for (null: defaults).</summary>
public sealed record FakeTokenRequest(string Namespace, string ServiceAccount, IReadOnlyList<string> Audiences, long? ExpirationSeconds);

/// <summary>
/// <c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c> as the API server serves it (authentication.k8s.io/v1
/// TokenRequest): 404 for a missing ServiceAccount, 422 for an <c>expirationSeconds</c> under 600 or above 2^32, 400 for a
/// body that is not a TokenRequest; otherwise 201 with <c>status.token</c> (signed by <see cref="Issuer"/>) and
/// <c>status.expirationTimestamp</c>. Audiences default to the API server's own, the lifetime to one hour.
/// </summary>
public sealed class FakeKubeTokenRequests : IDisposable
{
    private readonly FakeKubeApiServer _server;
    private readonly List<FakeTokenRequest> _log = [];

    internal FakeKubeTokenRequests(FakeKubeApiServer server, TimeProvider time)
    {
        _server = server;
        Issuer = new FakeServiceAccountIssuer(time);
    }

    /// <summary>The signer whose key the other fakes verify tokens against.</summary>
    public FakeServiceAccountIssuer Issuer { get; }

    /// <summary>Every TokenRequest answered with a token, oldest first.</summary>
    public IReadOnlyList<FakeTokenRequest> Log
    {
        get { lock (_log) return [.. _log]; }
    }

    internal JsonObject Create(string ns, string name, JsonObject body)
    {
        var type = FakeResourceType.ServiceAccount;
        if (body["kind"]?.GetValue<string>() is { } kind && kind != "TokenRequest")
        {
            throw FakeKubeStatus.BadRequest($"the body of the request was of kind {kind}, not TokenRequest");
        }
        var spec = body["spec"] as JsonObject ?? [];
        List<string> audiences;
        long? seconds;
        try
        {
            audiences = spec["audiences"] is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];
            seconds = spec["expirationSeconds"]?.GetValue<long>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw FakeKubeStatus.BadRequest("TokenRequest in version \"v1\" cannot be handled as a TokenRequest: spec.audiences must be strings, spec.expirationSeconds an integer");
        }
        if (seconds is < 600) throw FakeKubeStatus.Invalid(type, name, "spec.expirationSeconds", $"{seconds}: may not specify a duration less than 10 minutes");
        if (seconds is > 1L << 32) throw FakeKubeStatus.Invalid(type, name, "spec.expirationSeconds", $"{seconds}: may not specify a duration larger than 2^32 seconds");
        var sa = _server.Store.Get(type, ns, name); // 404 serviceaccounts "name" not found
        var uid = sa["metadata"]?["uid"]?.GetValue<string>() ?? "";
        var effective = audiences.Count == 0 ? Issuer.DefaultAudiences : audiences;
        var lifetime = TimeSpan.FromSeconds(seconds ?? 3600);
        var token = Issuer.Mint(ns, name, uid, effective, lifetime);
        lock (_log) _log.Add(new FakeTokenRequest(ns, name, audiences, seconds));
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. effective.Select(x => (JsonNode?)x)]),
                ["expirationSeconds"] = (long)lifetime.TotalSeconds,
                ["boundObjectRef"] = null,
            },
            ["status"] = new JsonObject
            {
                ["token"] = token,
                ["expirationTimestamp"] = (Issuer.Time.GetUtcNow() + lifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            },
        };
    }

    public void Dispose() => Issuer.Dispose();
}
