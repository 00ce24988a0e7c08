using System.Text.Json.Nodes;
using SecretsKit.Agent.Hosting;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes;
using SecretsKit.Templates.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Agent.Render;

/// <summary>
/// Reads the manifests of a local render: YAML or JSON files (several documents each, <c>kind: List</c> expanded),
/// every <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c> of a directory, or <c>-</c> for standard input. Budgets: 32 MiB read
/// per input, 8 MiB per document, nesting at most 200 deep (checked on the event stream, before the representation model
/// recurses), 100,000 YAML nodes in all the inputs read (aliases count each time they are expanded), so a hostile file
/// fails fast. Each document of an input is read alone (<see cref="ManifestDocuments"/>): one that cannot be read (over a
/// budget, not YAML, a duplicate or complex key) is refused with its number and line and gives its nodes back, and the
/// other documents and inputs are still read.
/// </summary>
internal static class ManifestReader
{
    public const long MaxInputBytes = 32 << 20;
    public const int MaxDocumentBytes = 8 << 20;
    public const int MaxNodes = 100_000;
    public const int MaxDepth = 200;

    /// <summary>
    /// Every object of the readable inputs; an input that cannot be read (not YAML, over a budget, a dangling link or a link
    /// loop in a directory, unreadable) is added to <paramref name="skipped"/> as one line, and the others are still read.
    /// Only a path given with <c>-f</c> that does not exist is an error of the whole render.
    /// </summary>
    public static List<(string Source, JsonObject Object)> Read(IEnumerable<string> inputs, TextReader stdin, List<string> skipped)
    {
        var result = new List<(string, JsonObject)>();
        var budget = new int[] { MaxNodes };
        foreach (var input in inputs)
        {
            foreach (var (source, read) in Texts(input, stdin))
            {
                List<ManifestDocuments.Piece> pieces;
                try
                {
                    pieces = ManifestDocuments.Split(read());
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    skipped.Add($"{source}: not synced: {Reason(e)}");
                    continue;
                }
                for (var i = 0; i < pieces.Count; i++)
                {
                    var left = budget[0];
                    try
                    {
                        result.AddRange(Objects(pieces[i], source, budget));
                    }
                    catch (InvalidDataException e)
                    {
                        budget[0] = left; // a document that is not read (an alias bomb, say) leaves the node budget to the others
                        var where = pieces.Count == 1 ? source : $"{source}, document {i + 1} (line {pieces[i].FirstLine})";
                        skipped.Add($"{where}: not synced: {e.Message}");
                    }
                }
            }
        }
        return result;
    }

    private static string Reason(Exception e) => e switch
    {
        InvalidDataException => e.Message,
        FileNotFoundException => "no such file (a dangling symbolic link?)",
        _ => Echo.Bounded(e.Message),
    };

    /// <summary>The objects of one document (<c>kind: List</c> expanded); an <see cref="InvalidDataException"/> when it cannot be read.</summary>
    private static List<(string, JsonObject)> Objects(ManifestDocuments.Piece piece, string source, int[] budget)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(piece.Text) > MaxDocumentBytes)
            throw new InvalidDataException($"a document larger than {MaxDocumentBytes >> 20} MiB, not read");
        var stream = new YamlStream();
        var lines = piece.TextLine - 1;
        try
        {
            EnsureShallow(piece.Text);
            YamlStreamLoader.Load(stream, piece.Text, MaxDepth, maxExpandedNodes: MaxNodes);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"not valid YAML ({e.Start.Line + lines}:{e.Start.Column}: {Echo.Bounded(YamlStreamLoader.Reason(e))})");
        }
        var objects = new List<(string, JsonObject)>();
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode, budget, lines) is not JsonObject obj) continue;
            if (obj.GetKind() is "List" && obj["items"] is JsonArray items) objects.AddRange(items.OfType<JsonObject>().Select(i => (source, (JsonObject)i.DeepClone())));
            else objects.Add((source, obj));
        }
        return objects;
    }

    /// <summary>Each input as its name and a reader of its text (read when called, so a failure is that input's alone).</summary>
    private static IEnumerable<(string Source, Func<string> Read)> Texts(string input, TextReader stdin)
    {
        if (input == "-")
        {
            yield return ("standard input", () =>
            {
                var buffer = new char[MaxInputBytes + 1];
                var read = stdin.ReadBlock(buffer, 0, buffer.Length);
                if (read > MaxInputBytes) throw TooLarge();
                return new string(buffer, 0, read);
            });
            yield break;
        }
        if (Directory.Exists(input))
        {
            foreach (var file in Directory.GetFiles(input).Where(IsManifest).Order(StringComparer.Ordinal))
            {
                yield return (file, () => ReadFile(file, NonBlockingOpen.OpenFile));
            }
            yield break;
        }
        if (!File.Exists(input)) throw Invalid($"{Echo.Bounded(input)}: no such file or directory");
        yield return (input, () => ReadFile(input, OpenNamed));
    }

    private static void EnsureShallow(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth) throw new InvalidDataException($"nested more than {MaxDepth} deep, not read");
                if (parser.Current is MappingEnd or SequenceEnd) depth--;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input (see YamlStreamLoader)
            throw new InvalidDataException("not valid YAML (invalid YAML syntax)");
        }
    }

    private static bool IsManifest(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" or ".json";

    /// <summary>
    /// At most <see cref="MaxInputBytes"/> read from the file, whatever it is: a device or a pipe reports no length
    /// (<c>/dev/zero</c> would otherwise be read forever), so the bound is on what is read, not on what the file says.
    /// </summary>
    private static string ReadFile(string path, Func<string, FileStream> open)
    {
        using var file = open(path);
        var bytes = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = file.Read(chunk, 0, (int)Math.Min(chunk.Length, MaxInputBytes + 1 - bytes.Length))) > 0)
        {
            bytes.Write(chunk, 0, n);
            if (bytes.Length > MaxInputBytes) throw TooLarge();
        }
        bytes.Position = 0;
        using var reader = new StreamReader(bytes, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>A file named with <c>-f</c>, opened as <c>cat</c> would (a pipe from <c>&lt;(…)</c> waits for its writer).</summary>
    private static FileStream OpenNamed(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);

    private static InvalidDataException TooLarge() => new($"larger than {MaxInputBytes >> 20} MiB, not read");

    private static AgentStartupException Invalid(string message) =>
        new(message, "render reads Kubernetes manifests (YAML or JSON): SecretStores, ClusterSecretStores, ExternalSecrets and the Secrets they name");

    private static JsonNode? ToJson(YamlNode node, int[] budget, long lines, int depth = 0)
    {
        if (--budget[0] < 0) throw new InvalidDataException($"more than {MaxNodes} YAML nodes in the manifests, not read");
        // aliases nest deeper than the text does (an alias inside its own anchor never ends): the depth is checked again here
        if (depth > MaxDepth) throw new InvalidDataException($"nested more than {MaxDepth} deep through aliases, not read");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name }) throw new InvalidDataException($"a mapping key that is not a string (line {key.Start.Line + lines})");
                    if (obj.ContainsKey(name)) throw new InvalidDataException($"key {Echo.Bounded(name)} defined twice in one mapping (line {key.Start.Line + lines})");
                    obj[name] = ToJson(value, budget, lines, depth + 1);
                }
                return obj;
            case YamlSequenceNode list:
                return new JsonArray([.. list.Children.Select(child => ToJson(child, budget, lines, depth + 1))]);
            case YamlScalarNode scalar:
                // typed as kubectl reads a manifest (sigs.k8s.io/yaml: go-yaml v2's YAML 1.1, then JSON)
                return TemplateYaml.FromNode(scalar, yaml11: true) switch
                {
                    null => null,
                    bool b => JsonValue.Create(b),
                    long l => JsonValue.Create(l),
                    ulong u => JsonValue.Create(u),
                    double d when !double.IsFinite(d) => throw new InvalidDataException($".inf or .nan, which JSON cannot hold (line {scalar.Start.Line + lines})"),
                    double d => JsonValue.Create(d),
                    var other => JsonValue.Create(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)),
                };
            default:
                return null;
        }
    }
}
