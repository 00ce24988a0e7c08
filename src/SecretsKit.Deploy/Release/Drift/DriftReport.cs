using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SecretsKit.Deploy.Release.Drift;

/// <summary>What <c>release drift</c> found for an environment, as text (one line per change) or JSON.</summary>
public sealed record DriftReport(string Environment, IReadOnlyList<ReleaseDriftResult> Releases)
{
    public bool HasDrift => Releases.Any(r => r.HasDrift);

    public bool Failed => Releases.Any(r => r.Error is not null);

    public string RenderText()
    {
        var sb = new StringBuilder();
        foreach (var r in Releases)
        {
            var head = $"=== {r.Release} ({Environment}): ";
            if (r.Error is not null) sb.Append(head).Append("error: ").Append(r.Error).Append('\n');
            else if (!r.Installed) sb.Append(head).Append("not installed\n");
            else if (r.Drifted.Count == 0) sb.Append(head).Append(CultureInfo.InvariantCulture, $"no drift ({Count(r.Checked, "object")} compared)\n");
            else
            {
                sb.Append(head).Append(CultureInfo.InvariantCulture, $"{Count(r.Drifted.Count, "object")} drifted of {r.Checked}\n");
                foreach (var o in r.Drifted)
                {
                    if (o.Missing) sb.Append(CultureInfo.InvariantCulture, $"  {o.Id}: missing{(o.Reason is null ? "" : $" ({o.Reason})")}\n");
                    foreach (var c in o.Changes) sb.Append(CultureInfo.InvariantCulture, $"  {o.Id}: {c}\n");
                }
            }
        }
        return sb.ToString();
    }

    public byte[] RenderJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("environment", Environment);
            w.WriteBoolean("drift", HasDrift);
            w.WriteStartArray("releases");
            foreach (var r in Releases) Write(w, r);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter w, ReleaseDriftResult r)
    {
        w.WriteStartObject();
        w.WriteString("release", r.Release);
        w.WriteBoolean("installed", r.Installed);
        w.WriteBoolean("drift", r.HasDrift);
        w.WriteNumber("checked", r.Checked);
        if (r.Error is null) w.WriteNull("error");
        else w.WriteString("error", r.Error);
        w.WriteStartArray("objects");
        foreach (var o in r.Drifted)
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", o.ApiVersion);
            w.WriteString("kind", o.Kind);
            if (o.Namespace is null) w.WriteNull("namespace");
            else w.WriteString("namespace", o.Namespace);
            w.WriteString("name", o.Name);
            w.WriteBoolean("missing", o.Missing);
            if (o.Reason is not null) w.WriteString("reason", o.Reason);
            w.WriteStartArray("changes");
            foreach (var c in o.Changes)
            {
                w.WriteStartObject();
                w.WriteString("path", c.Path);
                w.WriteString("pointer", c.JsonPointer);
                w.WriteString("change", c.Kind == DriftChangeKind.Missing ? "missing" : "changed");
                if (c.Manifest is not null) w.WriteString("manifest", c.Manifest);
                if (c.Live is not null) w.WriteString("live", c.Live);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}
