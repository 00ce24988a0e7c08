using SecretsKit.Agent.Model;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Yaml;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// ESO's template application (<c>ApplyTemplate</c> and its parser) onto a Secret being built: the template's literal
/// labels and annotations, then each <c>templateFrom</c> entry in order (ConfigMap items, Secret items, literal), then
/// <c>template.data</c> (whose keys win), then the templated labels and annotations. A <c>Values</c> template renders
/// into its own key; a <c>KeysAndValues</c> one (and a literal) renders a YAML map whose entries are the keys. Rendered
/// values go through <c>valuesDecodingStrategy</c>. <paramref name="at"/> is where the template is in its resource (named in errors).
/// </summary>
internal sealed class SecretTemplater(IReadOnlyDictionary<string, object?> context, Dictionary<string, byte[]> data,
    Dictionary<string, string> labels, Dictionary<string, string> annotations, string at = "spec.target.template")
{
    private const string Values = "Values";

    public void ApplyFrom(IReadOnlyList<TemplateFrom> sources, TemplateSources read)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            var from = sources[i];
            var where = $"{at}.templateFrom[{i}]";
            try
            {
                if (from.ConfigMap is { } cm)
                {
                    var source = Json.Map(read.ConfigMaps[cm.Name]["data"]);
                    foreach (var item in cm.Items)
                    {
                        if (!source.TryGetValue(item.Key, out var text)) throw Failed($"error in configmap {cm.Name}: missing key {item.Key}");
                        Execute(item.TemplateAs, item.Key, text, from, $"{where}.configMap.{item.Key}");
                    }
                }
                if (from.Secret is { } secret)
                {
                    var source = Json.Map(read.Secrets[secret.Name]["data"]);
                    foreach (var item in secret.Items)
                    {
                        if (!source.TryGetValue(item.Key, out var b64)) throw Failed($"error in secret {secret.Name}: missing key {item.Key}");
                        var text = GoString.FromBytes(Base64(b64));
                        Execute(item.TemplateAs, item.Key, text, from, $"{where}.secret.{item.Key}");
                    }
                }
                if (from.Literal is { } literal) Execute("KeysAndValues", literal, literal, from, $"{where}.literal");
            }
            catch (TemplateException e)
            {
                throw Failed(e.Message);
            }
        }
    }

    private static ReconcileException Failed(string message) => new(Messages.SecretSyncedError, $"error fetching templateFrom data: {message}");

    private static byte[] Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private void Execute(string scope, string key, string template, TemplateFrom from, string where)
    {
        var rendered = TemplateEngine.Render(template, context, where);
        if (scope == Values)
        {
            Apply(from.Target, key, Decode(GoString.ToBytes(rendered), from.ValuesDecodingStrategy, key));
            return;
        }
        foreach (var (k, v) in Map(rendered, where)) Apply(from.Target, k, Decode(GoString.ToBytes(v), from.ValuesDecodingStrategy, k));
    }

    /// <summary>A KeysAndValues result as sigs.k8s.io/yaml reads it into <c>map[string]string</c> (YAML 1.1; a scalar value as its text, a list or map fails).</summary>
    private static IEnumerable<KeyValuePair<string, string>> Map(string rendered, string where)
    {
        object? parsed;
        try
        {
            var text = GoString.ToText(rendered);
            // a map of scalars only is read further: an alias of a list or map (a "billion laughs") is refused before it expands
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            Core.Formats.Yaml.YamlStreamLoader.Load(stream, text);
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlDotNet.RepresentationModel.YamlMappingNode root
                && root.Children.Any(kv => kv.Key is not YamlDotNet.RepresentationModel.YamlScalarNode || kv.Value is not YamlDotNet.RepresentationModel.YamlScalarNode))
            {
                throw new ReconcileException(Messages.SecretSyncedError,
                    $"error fetching templateFrom data: {where}: could not unmarshal template to 'map[string][]byte': a key or value is no scalar");
            }
            parsed = TemplateYaml.Read(text, yaml11: true);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"error fetching templateFrom data: {where}: could not unmarshal template to 'map[string][]byte': the output is no YAML map");
        }
        switch (parsed)
        {
            case null:
                return [];
            case IReadOnlyDictionary<string, object?> map:
                // sigs.k8s.io/yaml reading into map[string]string turns a scalar into the string target's text
                return map.Select(kv => KeyValuePair.Create(kv.Key, kv.Value switch
                {
                    string s => s,
                    null => "",
                    bool b => b ? "true" : "false",
                    long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    double d => ((float)d).ToString("R", System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal),
                    _ => throw new ReconcileException(Messages.SecretSyncedError,
                        $"error fetching templateFrom data: {where}: could not unmarshal template to 'map[string][]byte': the value of '{Core.Errors.Echo.Bounded(kv.Key)}' is no scalar"),
                }));
            default:
                throw new ReconcileException(Messages.SecretSyncedError,
                    $"error fetching templateFrom data: {where}: could not unmarshal template to 'map[string][]byte': the output is no YAML map");
        }
    }

    private static byte[] Decode(byte[] value, string strategy, string key) => DecodingStrategy.Decode(value, strategy, key);

    /// <summary>Writes one rendered value into the target (<c>Data</c>, <c>Annotations</c> or <c>Labels</c>, any case; validated before the render).</summary>
    private void Apply(string target, string key, byte[] value)
    {
        switch (target.ToLowerInvariant())
        {
            case "annotations":
                annotations[key] = GoString.FromBytes(value);
                break;
            case "labels":
                labels[key] = GoString.FromBytes(value);
                break;
            default:
                data[key] = value;
                break;
        }
    }

    /// <summary><c>template.data</c> (Values scope into Data, no decoding) and the templated labels and annotations.</summary>
    public void ApplyTemplate(TemplateSpec template)
    {
        foreach (var (key, text) in template.Data)
        {
            data[key] = GoString.ToBytes(TemplateEngine.Render(text, context, $"{at}.data.{key}"));
        }
        foreach (var (key, text) in template.Labels) labels[key] = TemplateEngine.Render(text, context, $"{at}.metadata.labels.{key}");
        foreach (var (key, text) in template.Annotations) annotations[key] = TemplateEngine.Render(text, context, $"{at}.metadata.annotations.{key}");
    }
}
