using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One <c>--schema-location</c>: a directory (its CRD files, plus JSON schemas named as kubeconform lays them out:
/// <c>&lt;kind&gt;[-&lt;group&gt;]-&lt;version&gt;.json</c> and <c>&lt;group&gt;/&lt;kind&gt;_&lt;version&gt;.json</c>), or a
/// template in kubeconform's syntax (<c>{{ .ResourceKind }}</c>, <c>{{ .ResourceAPIVersion }}</c>, <c>{{ .Group }}</c>,
/// <c>{{ .KindSuffix }}</c>, <c>{{ .NormalizedKubernetesVersion }}</c>, <c>{{ .StrictSuffix }}</c>) that names a file or an
/// http(s) URL. Only keys checked by <see cref="SchemaKey"/> fill a template; every read is size-bounded.
/// </summary>
internal sealed partial class SchemaLocation
{
    public const long MaxSchemaBytes = 16 * 1024 * 1024;
    private const int MaxCrdFiles = 2_000;

    private readonly string _location;
    private readonly string[] _templates;
    private readonly string _kubeVersion;
    private readonly bool _strict;
    private readonly HttpClient? _http;
    private readonly Dictionary<SchemaKey, Lazy<SchemaNode>> _crds = [];
    private readonly ConcurrentDictionary<string, Task<(SchemaNode, SchemaSet)?>> _fetched = new(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{\s*\.(?<v>[A-Za-z]+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    public SchemaLocation(string location, string kubeMinor, bool strict, HttpClient? http)
    {
        _location = location;
        _kubeVersion = $"v{kubeMinor}.0";
        _strict = strict;
        _http = http;
        if (Variable().IsMatch(location)) _templates = [location];
        else if (Directory.Exists(location))
        {
            _templates = [Path.Combine(location, "{{ .ResourceKind }}{{ .KindSuffix }}.json"),
                Path.Combine(location, "{{ .Group }}", "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")];
            LoadCrds(location);
        }
        else throw new SchemaException($"--schema-location {location}: not a directory, and not a template (no {{{{ .ResourceKind }}}})");
    }

    public override string ToString() => _location;

    /// <summary>The schema for <paramref name="key"/> (a CRD here, else a schema file the templates name), or null.</summary>
    public async Task<(SchemaNode Schema, SchemaSet? Refs)?> FindAsync(SchemaKey key, CancellationToken ct)
    {
        if (_crds.TryGetValue(key, out var crd)) return (crd.Value, null);
        foreach (var template in _templates)
        {
            var target = Fill(template, key);
            if (await _fetched.GetOrAdd(target, t => ReadAsync(t, ct)) is { } found) return (found.Item1, found.Item2);
        }
        return null;
    }

    private string Fill(string template, SchemaKey key) => Variable().Replace(template, m => m.Groups["v"].Value switch
    {
        "ResourceKind" => key.Kind.ToLowerInvariant(),
        "ResourceAPIVersion" => key.Version,
        "Group" => key.Group,
        "KindSuffix" => (key.Group.Length == 0 ? "" : "-" + key.Group.Split('.')[0]) + "-" + key.Version,
        "NormalizedKubernetesVersion" => _kubeVersion,
        "StrictSuffix" => _strict ? "-strict" : "",
        _ => m.Value,
    });

    private async Task<(SchemaNode, SchemaSet)?> ReadAsync(string target, CancellationToken ct)
    {
        string? text;
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = await DownloadAsync(target, ct);
        }
        else
        {
            if (!File.Exists(target)) return null;
            text = ReadLocal(target);
        }
        if (text is null) return null;
        try
        {
            var root = JsonNode.Parse(text) as JsonObject ?? throw new SchemaException($"{target}: not a JSON object");
            var definitions = root["definitions"] as JsonObject ?? (root["components"] as JsonObject)?["schemas"] as JsonObject;
            return (SchemaReader.Read(root), new SchemaSet(definitions));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SchemaException($"{target}: not a JSON schema ({e.Message.Split('.')[0]})");
        }
    }

    /// <summary>A local schema or CRD file, read up to the limit whatever size it reports (a device reports 0).</summary>
    private static string ReadLocal(string path)
    {
        try
        {
            return BoundedFile.ReadText(path, path, (int)MaxSchemaBytes);
        }
        catch (SecretsKitException e)
        {
            throw new SchemaException(e.Message);
        }
    }

    private async Task<string?> DownloadAsync(string url, CancellationToken ct)
    {
        if (_http is null) throw new SchemaException($"--schema-location {_location}: no HTTP client to fetch {url}");
        using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode)
        {
            throw new SchemaException($"{url}: HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}");
        }
        if (response.Content.Headers.ContentLength > MaxSchemaBytes) throw new SchemaException($"{url}: larger than {MaxSchemaBytes / 1024 / 1024} MiB");
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxSchemaBytes) throw new SchemaException($"{url}: larger than {MaxSchemaBytes / 1024 / 1024} MiB");
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Every CRD in the YAML files under <paramref name="directory"/> (bounded in files and bytes).</summary>
    private void LoadCrds(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 8 })
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).Take(MaxCrdFiles);
        foreach (var file in files)
        {
            string text;
            try
            {
                text = ReadLocal(file);
            }
            catch (SchemaException)
            {
                continue; // too large (or a device): not a CRD file
            }
            foreach (var doc in RenderedDocument.Split(text))
            {
                if (doc.Root is not { } root || !CrdSchemas.IsCrd(root)) continue;
                foreach (var (key, schema) in CrdSchemas.Read(root)) _crds.TryAdd(key, schema);
            }
        }
    }
}
