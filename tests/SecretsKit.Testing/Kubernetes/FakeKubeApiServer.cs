using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// An in-memory Kubernetes API server on 127.0.0.1 speaking the REST protocol closely enough for our client and for
/// the real <c>kubectl</c>: discovery, CRUD with resourceVersion concurrency, selectors, pagination, watch with
/// bookmarks and a bounded history (410 Gone), status subresources, merge/strategic/apply patches, finalizers,
/// ownerReference garbage collection, bearer-token or client-certificate auth, fault injection and a request log.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private LoopbackHost? _host;
    private readonly FakeKubeHandler _handler;
    private readonly ConcurrentDictionary<string, byte> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _clientCertThumbprints = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FakeKubeFault> _faults = [];
    private readonly List<FakeKubeHold> _holds = [];
    private readonly ConcurrentQueue<FakeKubeRequest> _requests = new();
    private readonly List<FakeResourceType> _types = [];
    private readonly ConcurrentDictionary<string, FakeResourceType> _storageOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deprecations = new(StringComparer.Ordinal);

    private FakeKubeApiServer(FakeKubeStore store, X509Certificate2? serverCertificate, TimeProvider time)
    {
        Store = store;
        TokenRequests = new FakeKubeTokenRequests(this, time);
        ServerCertificate = serverCertificate;
        _handler = new FakeKubeHandler(this);
        foreach (var t in FakeResourceType.Defaults) RegisterType(t);
    }

    /// <summary>Starts a server on a free loopback port. With <paramref name="https"/> it serves TLS with a fresh self-signed certificate and accepts client certificates.</summary>
    public static async Task<FakeKubeApiServer> StartAsync(bool https = false, TimeProvider? time = null)
    {
        var cert = https ? CreateServerCertificate() : null;
        var server = new FakeKubeApiServer(new FakeKubeStore(time ?? TimeProvider.System), cert, time ?? TimeProvider.System);
        server._host = await LoopbackHost.StartAsync(nameof(FakeKubeApiServer), server._handler.HandleAsync, cert, acceptClientCertificates: https);
        server.BaseAddress = server._host.Address;
        server.Store.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });
        server.Store.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "kube-system" } });
        return server;
    }

    internal FakeKubeStore Store { get; }

    /// <summary>The TokenRequest API of ServiceAccounts: the signer other fakes verify with, and the requests answered.</summary>
    public FakeKubeTokenRequests TokenRequests { get; }

    /// <summary>Creates a ServiceAccount (serving the type from then on), with <paramref name="annotations"/>.</summary>
    public JsonObject ServiceAccount(string ns, string name, IReadOnlyDictionary<string, string>? annotations = null)
    {
        RegisterType(FakeResourceType.ServiceAccount);
        var meta = new JsonObject { ["name"] = name, ["namespace"] = ns };
        if (annotations is not null) meta["annotations"] = new JsonObject(annotations.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return Store.Create(FakeResourceType.ServiceAccount, ns, new JsonObject { ["metadata"] = meta });
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The self-signed serving certificate (HTTPS only); its PEM is what a kubeconfig's certificate-authority-data holds.</summary>
    public X509Certificate2? ServerCertificate { get; }

    public string? ServerCertificatePem => ServerCertificate?.ExportCertificatePem();

    /// <summary>When false (the default until a token, issuer or certificate is accepted), every request is authenticated.</summary>
    public bool RequiresAuthentication => !_tokens.IsEmpty || !_clientCertThumbprints.IsEmpty || _jwtAuthenticator is not null;

    private (FakeServiceAccountIssuer Issuer, string Audience)? _jwtAuthenticator;
    private readonly ConcurrentQueue<string> _jwtSubjects = new();

    /// <summary>
    /// Accepts bearer JWTs of another cluster's ServiceAccount issuer (signature, <c>iss</c>, <paramref name="audience"/>
    /// among <c>aud</c>, not expired on the issuer's clock), as an API server's JWT authenticator for an external issuer does.
    /// </summary>
    public void TrustIssuer(FakeServiceAccountIssuer issuer, string audience) => _jwtAuthenticator = (issuer, audience);

    /// <summary>The <c>sub</c> of every JWT <see cref="TrustIssuer"/> accepted, oldest first.</summary>
    public IReadOnlyList<string> JwtSubjects => [.. _jwtSubjects];

    /// <summary>Accepts <paramref name="token"/> as a bearer token; once any credential is registered, requests without one get 401.</summary>
    public void AcceptToken(string token) => _tokens[token] = 0;

    public void RevokeToken(string token) => _tokens.TryRemove(token, out _);

    public void AcceptClientCertificate(X509Certificate2 certificate) => _clientCertThumbprints[certificate.Thumbprint] = 0;

    internal bool IsAuthorized(string? bearer, X509Certificate2? clientCert) =>
        !RequiresAuthentication
        || (bearer is not null && _tokens.ContainsKey(bearer))
        || (bearer is not null && AcceptsJwt(bearer))
        || (clientCert is not null && _clientCertThumbprints.ContainsKey(clientCert.Thumbprint));

    private bool AcceptsJwt(string bearer)
    {
        if (_jwtAuthenticator is not { } jwt) return false;
        var (claims, _) = jwt.Issuer.Verify(bearer, jwt.Audience, jwt.Issuer.Time.GetUtcNow());
        if (claims is null) return false;
        _jwtSubjects.Enqueue(FakeServiceAccountIssuer.Subject(claims));
        return true;
    }

    public IReadOnlyList<FakeResourceType> Types { get { lock (_types) return [.. _types]; } }

    /// <summary>Registers a resource type (a CRD, as far as the fake is concerned) so it is discoverable and servable.</summary>
    public void RegisterType(FakeResourceType type)
    {
        lock (_types)
        {
            if (_types.Contains(type)) return;
            _types.Add(type);
        }
        Store.Register(type);
    }

    /// <summary>
    /// Serves a CustomResourceDefinition (apiextensions.k8s.io/v1, as rendered from a chart) as a real server would:
    /// each served version becomes a type whose writes are pruned to that version's <c>openAPIV3Schema</c>
    /// (<see cref="FakeCrdSchema"/>), and versions of the same resource the CRD does not serve are no longer served.
    /// </summary>
    public void InstallCrd(JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var group = spec["group"]!.GetValue<string>();
        var names = spec["names"]!.AsObject();
        var plural = names["plural"]!.GetValue<string>();
        var served = new List<(FakeResourceType Type, FakeCrdSchema Schema)>();
        FakeResourceType? storage = null;
        foreach (var v in spec["versions"]!.AsArray().OfType<JsonObject>().Where(v => v["served"]?.GetValue<bool>() == true))
        {
            var version = v["name"]!.GetValue<string>();
            var key = $"{group}/{version}/{plural}";
            var type = Types.FirstOrDefault(t => t.Key == key) ?? new FakeResourceType(group, version, plural, names["kind"]!.GetValue<string>(),
                spec["scope"]?.GetValue<string>() != "Cluster", v["subresources"]?["status"] is not null,
                names["shortNames"] is JsonArray sn ? [.. sn.Select(n => n!.GetValue<string>())] : null);
            served.Add((type, new FakeCrdSchema(v["schema"]!["openAPIV3Schema"]!.AsObject())));
            if (v["storage"]?.GetValue<bool>() == true) storage = type;
            if (v["deprecated"]?.GetValue<bool>() == true)
            {
                _deprecations[key] = v["deprecationWarning"]?.GetValue<string>() ?? $"{group}/{version} {type.Kind} is deprecated";
            }
        }
        storage ??= served.FirstOrDefault().Type;
        lock (_types) _types.RemoveAll(t => t.Group == group && t.Plural == plural && !served.Any(s => s.Type.Key == t.Key));
        foreach (var (type, schema) in served)
        {
            RegisterType(type);
            Store.UseSchema(type, schema);
            // one etcd object per name whichever version it is read or written through (conversion None)
            if (storage is not null) _storageOf[type.Key] = storage;
        }
    }

    /// <summary>The type whose objects back <paramref name="type"/>: the CRD's storage version, else itself.</summary>
    internal FakeResourceType StorageOf(FakeResourceType type) => _storageOf.TryGetValue(type.Key, out var s) ? s : type;

    /// <summary>The CRD's deprecationWarning for a deprecated served version, sent on every request to it.</summary>
    internal string? DeprecationOf(FakeResourceType type) => _deprecations.TryGetValue(type.Key, out var w) ? w : null;

    /// <summary>Every field pruned by an installed CRD schema so far, as <c>Kind ns/name: path</c>.</summary>
    public IReadOnlyList<string> UnknownFields => Store.UnknownFields;

    /// <summary>How many changes the watch history keeps; a watch from before the window gets 410 Gone.</summary>
    public int WatchHistoryLimit { get => Store.HistoryLimit; set => Store.HistoryLimit = value; }

    /// <summary>When set, each watch that asked for bookmarks gets one at this interval.</summary>
    public TimeSpan? BookmarkInterval { get; set; }

    /// <summary>Delay added before every request is handled.</summary>
    public TimeSpan Latency { get; set; }

    public long ResourceVersion => Store.CurrentResourceVersion;

    /// <summary>Forgets the whole watch history: every older resourceVersion or continue token now answers 410 Gone.</summary>
    public void CompactHistory() => Store.Compact();

    /// <summary>Sends a BOOKMARK event now on every open watch that asked for bookmarks.</summary>
    public void SendBookmarks() => Store.SendBookmarks();

    public JsonObject Create(FakeResourceType type, string? ns, JsonObject obj) => Store.Create(type, ns, obj);

    /// <summary>
    /// Until disposed, writes from this async flow are stored as under an earlier, looser CRD (a CRD upgrade never
    /// revalidates stored objects, so a cluster can hold objects its current schema refuses); later updates keep the
    /// errors such an object already had (validation ratcheting).
    /// </summary>
    public IDisposable UnderEarlierSchema() => Store.UnderEarlierSchema();

    public JsonObject? TryGet(FakeResourceType type, string? ns, string name)
    {
        try { return Store.Get(type, ns, name); }
        catch (FakeKubeStatus s) when (s.Code == 404) { return null; }
    }

    public IReadOnlyList<JsonObject> All(FakeResourceType type) => Store.All(type);

    public JsonObject Replace(FakeResourceType type, string? ns, string name, JsonObject obj) => Store.Update(type, ns, name, obj, statusOnly: false);

    /// <summary>Writes <paramref name="obj"/>'s <c>status</c> through the status subresource, as another controller (ESO) would.</summary>
    public JsonObject ReplaceStatus(FakeResourceType type, string? ns, string name, JsonObject obj) => Store.Update(type, ns, name, obj, statusOnly: true);

    public JsonObject Delete(FakeResourceType type, string? ns, string name) => Store.Delete(type, ns, name, null, null, null);

    /// <summary>
    /// Fails the next <paramref name="times"/> matching requests with <paramref name="statusCode"/> (429 carries
    /// Retry-After), of one client only when <paramref name="userAgentContains"/> is set.
    /// </summary>
    public FakeKubeFault InjectFault(string pathContains, int statusCode, int times = 1, string? method = null, int? retryAfterSeconds = null,
        string? userAgentContains = null)
    {
        var fault = new FakeKubeFault(method, pathContains, statusCode, times, retryAfterSeconds, userAgentContains);
        lock (_faults) _faults.Add(fault);
        return fault;
    }

    internal FakeKubeFault? TakeFault(string method, string path, string userAgent)
    {
        lock (_faults)
        {
            var f = _faults.FirstOrDefault(f => f.Matches(method, path, userAgent));
            if (f is not null) f.Remaining--;
            return f;
        }
    }

    /// <summary>
    /// Holds the first request that <paramref name="matches"/> (method, path with query) until <paramref name="release"/>
    /// completes (or its client goes away), then serves it: a call in flight, made deterministic. The returned hold says
    /// when the request arrived.
    /// </summary>
    public FakeKubeHold HoldRequest(Func<string, string, bool> matches, Task release)
    {
        var hold = new FakeKubeHold(matches, release);
        lock (_holds) _holds.Add(hold);
        return hold;
    }

    internal FakeKubeHold? TakeHold(string method, string path)
    {
        lock (_holds)
        {
            var hold = _holds.FirstOrDefault(h => h.Matches(method, path));
            if (hold is not null) _holds.Remove(hold);
            return hold;
        }
    }

    public IReadOnlyList<FakeKubeRequest> Requests => [.. _requests];

    internal void Log(FakeKubeRequest request) => _requests.Enqueue(request);

    public int CountRequests(string method, string pathContains) =>
        _requests.Count(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal));

    /// <summary>
    /// Writes a kubeconfig for this server (token auth, namespace <paramref name="ns"/>) that kubectl and our client accept.
    /// kubectl only sends bearer tokens over TLS, so start the server with <c>https: true</c> when kubectl is the client.
    /// <paramref name="otherContexts"/> are more names for the same cluster (a helmfile's <c>kubeContext</c>s); the
    /// current context stays <c>fake</c>. The file is 0600, as kubectl and helm want it.
    /// </summary>
    public string WriteKubeconfig(string path, string? token, string ns = "default", IEnumerable<string>? otherContexts = null)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n");
        sb.Append(CultureInfo.InvariantCulture, $"    server: {BaseAddress.ToString().TrimEnd('/')}\n");
        if (ServerCertificatePem is { } pem)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(pem))}\n");
        }
        sb.Append("users:\n- name: fake-user\n  user:\n");
        if (token is not null) sb.Append(CultureInfo.InvariantCulture, $"    token: {token}\n");
        else sb.Append("    {}\n");
        sb.Append("contexts:\n");
        foreach (var context in (otherContexts ?? []).Prepend("fake"))
        {
            sb.Append(CultureInfo.InvariantCulture, $"- name: {context}\n  context:\n    cluster: fake\n    user: fake-user\n    namespace: {ns}\n");
        }
        sb.Append("current-context: fake\npreferences: {}\n");
        File.WriteAllText(path, sb.ToString());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static X509Certificate2 CreateServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=fake-kube-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, false));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        _handler.Shutdown();
        if (_host is not null) await _host.DisposeAsync();
        _handler.Dispose();
        TokenRequests.Dispose();
        ServerCertificate?.Dispose();
    }
}
