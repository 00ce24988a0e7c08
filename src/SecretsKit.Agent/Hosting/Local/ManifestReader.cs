using System.Text.Json.Nodes;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.GoTemplate;
using SecretsKit.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Agent.Hosting.Local;

/// <summary>
/// Reads the manifests of a local render: YAML or JSON files (several documents each, <c>kind: List</c> expanded),
/// every <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c> of a directory, or <c>-</c> for standard input. Budgets: 8 MiB per
/// input, nesting at most 200 deep (checked on the event stream, before the representation model recurses), 100,000 YAML
/// nodes in all (aliases count each time they are expanded), so a hostile file fails fast.
/// </summary>
internal static class ManifestReader
{
    public const long MaxInputBytes = 8 << 20;
    public const int MaxNodes = 100_000;
    public const int MaxDepth = 200;

    public static List<(string Source, JsonObject Object)> Read(IEnumerable<string> inputs, TextReader stdin)
    {
        var result = new List<(string, JsonObject)>();
        var budget = new int[] { MaxNodes };
        foreach (var input in inputs)
        {
            foreach (var (source, text) in Texts(input, stdin))
            {
                var stream = new YamlStream();
                try
                {
                    EnsureShallow(text, source);
                    YamlStreamLoader.Load(stream, text);
                }
                catch (YamlException e)
                {
                    throw Invalid($"{source}: not valid YAML ({e.Start.Line}:{e.Start.Column}: {e.Message})");
                }
                foreach (var document in stream.Documents)
                {
                    if (ToJson(document.RootNode, budget, source) is not JsonObject obj) continue;
                    if (obj.GetKind() is "List" && obj["items"] is JsonArray items) result.AddRange(items.OfType<JsonObject>().Select(i => (source, (JsonObject)i.DeepClone())));
                    else result.Add((source, obj));
                }
            }
        }
        return result;
    }

    private static IEnumerable<(string Source, string Text)> Texts(string input, TextReader stdin)
    {
        if (input == "-")
        {
            var buffer = new char[MaxInputBytes + 1];
            var read = stdin.ReadBlock(buffer, 0, buffer.Length);
            if (read > MaxInputBytes) throw TooLarge("standard input");
            yield return ("standard input", new string(buffer, 0, read));
            yield break;
        }
        if (Directory.Exists(input))
        {
            foreach (var file in Directory.GetFiles(input).Where(IsManifest).Order(StringComparer.Ordinal)) yield return (file, ReadFile(file));
            yield break;
        }
        if (!File.Exists(input)) throw Invalid($"{input}: no such file or directory");
        yield return (input, ReadFile(input));
    }

    private static void EnsureShallow(string text, string source)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth) throw Invalid($"{source}: nested more than {MaxDepth} deep, not read");
            if (parser.Current is MappingEnd or SequenceEnd) depth--;
        }
    }

    private static bool IsManifest(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" or ".json";

    private static string ReadFile(string path)
    {
        if (new FileInfo(path).Length > MaxInputBytes) throw TooLarge(path);
        return File.ReadAllText(path);
    }

    private static AgentStartupException TooLarge(string source) => Invalid($"{source}: larger than {MaxInputBytes >> 20} MiB, not read");

    private static AgentStartupException Invalid(string message) =>
        new(message, "render reads Kubernetes manifests (YAML or JSON): SecretStores, ClusterSecretStores, ExternalSecrets and the Secrets they name");

    private static JsonNode? ToJson(YamlNode node, int[] budget, string source)
    {
        if (--budget[0] < 0) throw Invalid($"{source}: more than {MaxNodes} YAML nodes in the manifests, not read");
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name }) throw Invalid($"{source}: a mapping key that is not a string (line {key.Start.Line})");
                    obj[name] = ToJson(value, budget, source);
                }
                return obj;
            case YamlSequenceNode list:
                return new JsonArray([.. list.Children.Select(child => ToJson(child, budget, source))]);
            case YamlScalarNode scalar:
                return TemplateYaml.FromNode(scalar) switch
                {
                    null => null,
                    bool b => JsonValue.Create(b),
                    long l => JsonValue.Create(l),
                    double d => JsonValue.Create(d),
                    var other => JsonValue.Create(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)),
                };
            default:
                return null;
        }
    }
}
