using System.Text;
using System.Text.Json;

namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>
/// The throwaway cluster state of one <c>helm install</c> / <c>helm upgrade</c> render (helm before 3.17, where only a
/// real install renders <c>lookup</c> against the cluster: <c>--dry-run</c> renders without it): helm's release
/// storage (the Secrets it lists by <c>owner=helm</c>, creates and updates; for an upgrade, one deployed revision 1
/// with an empty manifest) and the objects the chart's install creates. Nothing of it outlives the render, and the
/// suite's objects (the <see cref="ClusterCatalog"/>) are never changed. helm's kube client, which checks that a
/// rendered object does not exist yet and creates it, sends Go's default User-Agent; its <c>lookup</c> sends helm's
/// own: the former reads this state, the latter the catalog.
/// </summary>
internal sealed class InstallState(string releaseName, string releaseNamespace, string chartName, bool upgrade)
{
    /// <summary>The User-Agent of helm's kube client (checks and creates), where <c>lookup</c>'s client sends helm's.</summary>
    public const string KubeClientAgent = "Go-http-client/";

    /// <summary>At most this many objects (storage Secrets included) are created in one render; then <c>403</c>.</summary>
    public const int MaxObjects = 1_000;

    private readonly Dictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether a GET is answered here: helm's storage list (<c>labelSelector</c> with <c>owner=helm</c>) or a GET of helm's kube client.</summary>
    public static bool Reads(string path, string labelSelector, string userAgent) =>
        (path.EndsWith("/secrets", StringComparison.Ordinal) && labelSelector.Split(',').Contains("owner=helm"))
        || userAgent.StartsWith(KubeClientAgent, StringComparison.Ordinal);

    /// <summary>A GET: the storage list (with the upgrade's deployed revision), or one created object.</summary>
    public (int Status, byte[] Body) Get(string path, string labelSelector)
    {
        lock (_lock)
        {
            if (labelSelector.Length > 0)
            {
                var items = _objects.Where(o => o.Key.StartsWith(path + "/sh.helm.release.v1.", StringComparison.Ordinal)).Select(o => o.Value).ToList();
                if (upgrade) items.Insert(0, Deployed());
                return (200, KubeJson.Bytes(w => RawList(w, items)));
            }
            return _objects.TryGetValue(path, out var found) ? (200, found) : (404, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")));
        }
    }

    /// <summary>A POST to a collection (a create: the object is kept under its name) or a PUT of an object helm created (an update).</summary>
    public (int Status, byte[] Body) Write(string method, string path, byte[] body)
    {
        string name;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 512 });
            name = doc.RootElement.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
                && m.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        }
        catch (JsonException)
        {
            return (400, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")));
        }
        if (name.Length == 0 || name.Contains('/', StringComparison.Ordinal)) return (400, KubeJson.Bytes(w => KubeJson.NotFound(w, "", "")));
        var key = method == "POST" ? path + "/" + name : path;
        lock (_lock)
        {
            if (method == "PUT" && !_objects.ContainsKey(key) && !(upgrade && key.EndsWith("/secrets/" + StorageName(1), StringComparison.Ordinal)))
                return (404, KubeJson.Bytes(w => KubeJson.NotFound(w, "", name)));
            if (!_objects.ContainsKey(key) && _objects.Count >= MaxObjects) return (403, KubeJson.Bytes(w => KubeJson.NotFound(w, "", name)));
            _objects[key] = body;
        }
        return (method == "POST" ? 201 : 200, body);
    }

    private string StorageName(int revision) => $"sh.helm.release.v1.{releaseName}.v{revision}";

    /// <summary>The upgrade's revision 1, deployed, as helm's Secret storage holds it (the release JSON, base64, in <c>data.release</c>).</summary>
    private byte[] Deployed()
    {
        var release = KubeJson.Bytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", releaseName);
            w.WriteString("namespace", releaseNamespace);
            w.WriteNumber("version", 1);
            w.WriteStartObject("info");
            w.WriteString("status", "deployed");
            w.WriteEndObject();
            w.WriteStartObject("chart");
            w.WriteStartObject("metadata");
            w.WriteString("apiVersion", "v2");
            w.WriteString("name", chartName);
            w.WriteString("version", "0.0.0");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("manifest", "");
            w.WriteEndObject();
        });
        var data = Encoding.ASCII.GetBytes(Convert.ToBase64String(release));
        return KubeJson.Bytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", "v1");
            w.WriteString("kind", "Secret");
            w.WriteStartObject("metadata");
            w.WriteString("name", StorageName(1));
            w.WriteString("namespace", releaseNamespace);
            w.WriteStartObject("labels");
            foreach (var (k, v) in new[] { ("name", releaseName), ("owner", "helm"), ("status", "deployed"), ("version", "1") }) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("type", "helm.sh/release.v1");
            w.WriteStartObject("data");
            w.WriteBase64String("release", data);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void RawList(Utf8JsonWriter w, List<byte[]> items)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "SecretList");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteStartArray("items");
        foreach (var item in items) w.WriteRawValue(item, skipInputValidation: false);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
