using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// Decodes the few protobuf request bodies kubectl's and Helm 4's typed clients send (<c>kubectl create
/// secret/configmap/namespace</c>, Helm 4's release Secrets and their deletion): the <c>k8s\0</c> envelope
/// (runtime.Unknown) around core/v1 Secret, ConfigMap or Namespace, with the ObjectMeta fields that matter, or
/// meta/v1 DeleteOptions (preconditions and propagation policy). Responses are always JSON, which kubectl accepts.
/// </summary>
internal static class FakeKubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < 4 || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0)
        {
            throw FakeKubeStatus.BadRequest("protobuf body without the k8s envelope");
        }
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (field, value) in Fields(body.AsMemory(4)))
        {
            if (field == 1)
            {
                foreach (var (f, v) in Fields(value)) { if (f == 1) apiVersion = Str(v); else if (f == 2) kind = Str(v); }
            }
            else if (field == 2) raw = value.ToArray();
        }
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (field, value) in Fields(raw ?? []))
        {
            switch (kind, field)
            {
                // meta/v1 DeleteOptions (Helm 4's typed clients send it with DELETE): preconditions = 2, propagationPolicy = 4
                case ("DeleteOptions", 2): obj["preconditions"] = Preconditions(value); break;
                case ("DeleteOptions", 4): obj["propagationPolicy"] = Str(value); break;
                case ("DeleteOptions", _): break;
                case (_, 1): obj["metadata"] = Meta(value); break;
                case ("Secret", 2): AddEntry(obj, "data", value, bytes: true); break;
                case ("Secret", 3) when value.Length > 0: obj["type"] = Str(value); break;
                case ("Secret", 4): AddEntry(obj, "stringData", value, bytes: false); break;
                case ("Secret", 5): obj["immutable"] = value.Length > 0 && value.Span[0] != 0; break;
                case ("ConfigMap", 2): AddEntry(obj, "data", value, bytes: false); break;
                case ("ConfigMap", 3): AddEntry(obj, "binaryData", value, bytes: true); break;
                case ("ConfigMap", 4): obj["immutable"] = value.Length > 0 && value.Span[0] != 0; break;
                case ("Namespace", _): break;
                case ("Secret" or "ConfigMap", _): break;
                default: throw new FakeKubeStatus(415, "UnsupportedMediaType", $"the fake API server cannot decode protobuf {kind}; send JSON");
            }
        }
        return obj;
    }

    private static JsonObject Preconditions(ReadOnlyMemory<byte> data)
    {
        var pre = new JsonObject();
        foreach (var (field, value) in Fields(data))
        {
            if (field == 1) pre["uid"] = Str(value);
            else if (field == 2) pre["resourceVersion"] = Str(value);
        }
        return pre;
    }

    private static JsonObject Meta(ReadOnlyMemory<byte> data)
    {
        var meta = new JsonObject();
        foreach (var (field, value) in Fields(data))
        {
            switch (field)
            {
                case 1 when value.Length > 0: meta["name"] = Str(value); break;
                case 2 when value.Length > 0: meta["generateName"] = Str(value); break;
                case 3 when value.Length > 0: meta["namespace"] = Str(value); break;
                case 11: AddEntry(meta, "labels", value, bytes: false); break;
                case 12: AddEntry(meta, "annotations", value, bytes: false); break;
                case 14: (meta["finalizers"] ??= new JsonArray()).AsArray().Add(Str(value)); break;
            }
        }
        return meta;
    }

    private static void AddEntry(JsonObject target, string property, ReadOnlyMemory<byte> entry, bool bytes)
    {
        string key = "";
        JsonNode? val = bytes ? "" : "";
        foreach (var (f, v) in Fields(entry))
        {
            if (f == 1) key = Str(v);
            else if (f == 2) val = bytes ? Convert.ToBase64String(v.Span) : Str(v);
        }
        var map = target[property] as JsonObject ?? (JsonObject)(target[property] = new JsonObject());
        map[key] = val;
    }

    private static string Str(ReadOnlyMemory<byte> v) => Encoding.UTF8.GetString(v.Span);

    /// <summary>Iterates the fields of a message; varints are returned as their raw bytes, length-delimited fields as their payload.</summary>
    private static List<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> data)
    {
        var result = new List<(int, ReadOnlyMemory<byte>)>();
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ReadVarint(data.Span, ref pos);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    var start = pos;
                    ReadVarint(data.Span, ref pos);
                    result.Add((field, data[start..pos]));
                    break;
                case 1: result.Add((field, data.Slice(pos, 8))); pos += 8; break;
                case 2:
                    var len = (int)ReadVarint(data.Span, ref pos);
                    result.Add((field, data.Slice(pos, len)));
                    pos += len;
                    break;
                case 5: result.Add((field, data.Slice(pos, 4))); pos += 4; break;
                default: throw FakeKubeStatus.BadRequest("malformed protobuf body");
            }
        }
        return result;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw FakeKubeStatus.BadRequest("malformed protobuf varint");
    }
}
