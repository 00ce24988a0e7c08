using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Input;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One <c>--schema-location</c>, as kubeconform reads it: a template in kubeconform's syntax (<c>{{ .ResourceKind }}</c>,
/// <c>{{ .ResourceAPIVersion }}</c>, <c>{{ .Group }}</c>, <c>{{ .KindSuffix }}</c>, <c>{{ .NormalizedKubernetesVersion }}</c>,
/// <c>{{ .StrictSuffix }}</c>; checked at start by <see cref="SchemaLocationTemplate"/>) naming a file or an http(s) URL;
/// a schema file or URL ending in <c>json</c> with no template, used for every resource; a base URL, completed with
/// kubeconform's kubernetes-json-schema layout; or a directory (its CRD files, plus JSON schemas named as kubeconform
/// and the CRDs-catalog lay them out). <c>default</c> is kubeconform's default location: here the built-in schemas.
/// Only keys checked by <see cref="SchemaKey"/> fill a template; every read is size-bounded. A schema that is not JSON is
/// passed over, as kubeconform does, for the next location.
/// </summary>
internal sealed class SchemaLocation
{
    public const long MaxSchemaBytes = 16 * 1024 * 1024;
    private const int MaxCrdFiles = 2_000;

    /// <summary>kubeconform's layout of its kubernetes-json-schema fork, appended to a base URL or directory.</summary>
    private const string KubeconformLayout = "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

    private readonly string _location;
    private readonly SchemaLocationTemplate[] _templates;
    private readonly string _kubeVersion;
    private readonly bool _strict;
    private readonly HttpClient? _http;
    private readonly Dictionary<SchemaKey, Lazy<SchemaNode>> _crds = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<(SchemaNode, SchemaSet)?>>> _fetched = new(StringComparer.Ordinal);

    public SchemaLocation(string location, string kubeMinor, bool strict, HttpClient? http)
    {
        _location = location;
        _kubeVersion = $"v{kubeMinor}.0";
        _strict = strict;
        _http = http;
        _templates = Templates(location);
    }

    /// <summary>Whether <paramref name="location"/> is kubeconform's <c>default</c>: nothing beyond the built-in schemas.</summary>
    public static bool IsDefault(string location) => location == "default";

    private SchemaLocationTemplate[] Templates(string location)
    {
        if (SchemaLocationTemplate.IsTemplate(location)) return [SchemaLocationTemplate.Parse(location)];
        if (Directory.Exists(location))
        {
            LoadCrds(location);
            return [SchemaLocationTemplate.Parse(Path.Combine(location, "{{ .ResourceKind }}{{ .KindSuffix }}.json")),
                SchemaLocationTemplate.Parse(Path.Combine(location, "{{ .Group }}", "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json")),
                SchemaLocationTemplate.Parse(Path.Combine(location, KubeconformLayout))];
        }
        if (location.EndsWith("json", StringComparison.Ordinal)) return [SchemaLocationTemplate.Parse(location)];
        if (IsUrl(location)) return [SchemaLocationTemplate.Parse(location.TrimEnd('/') + "/" + KubeconformLayout)];
        throw new SchemaLocationException($"--schema-location {location}: not a directory, a schema file (.json), a URL or a template (e.g. {{{{ .ResourceKind }}}})");
    }

    public override string ToString() => _location;

    /// <summary>The schema for <paramref name="key"/> (a CRD here, else a schema file the templates name), or null.</summary>
    public async Task<(SchemaNode Schema, SchemaSet? Refs)?> FindAsync(SchemaKey key, CancellationToken ct)
    {
        if (_crds.TryGetValue(key, out var crd)) return (crd.Value, null);
        foreach (var template in _templates)
        {
            var target = template.Fill(key, _kubeVersion, _strict);
            // one read per target even when documents of a kind are checked at once (a lost GetOrAdd race creates an unused Lazy)
            if (await _fetched.GetOrAdd(target, t => new Lazy<Task<(SchemaNode, SchemaSet)?>>(() => ReadAsync(t, ct))).Value is { } found) return (found.Item1, found.Item2);
        }
        return null;
    }

    private static bool IsUrl(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private async Task<(SchemaNode, SchemaSet)?> ReadAsync(string target, CancellationToken ct)
    {
        string? text;
        if (IsUrl(target)) text = await DownloadAsync(target, ct);
        else
        {
            if (!File.Exists(target)) return null;
            text = ReadLocal(target);
        }
        if (text is null) return null;
        try
        {
            using var document = JsonDocument.Parse(text, SchemaReader.ParseOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var definitions = root.TryGetProperty("definitions", out var d) ? d
                : root.TryGetProperty("components", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("schemas", out var s) ? s : default;
            return (SchemaReader.Read(root), new SchemaSet(definitions.ValueKind == JsonValueKind.Object ? definitions.Clone() : default));
        }
        catch (JsonException)
        {
            return null; // not JSON (an error page, a YAML file): kubeconform tries the next location
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
