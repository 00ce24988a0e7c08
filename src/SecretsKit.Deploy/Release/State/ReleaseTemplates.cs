using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// helmfile's release templates: <c>templates:</c> (named partial releases), a release's <c>inherit: [{template, except}]</c>
/// and the top-level <c>defaultInherit</c> (a name or a list, put before the release's own <c>inherit</c> unless listed
/// there). A release is built as helmfile's <c>releaseWithInheritedTemplate</c> builds it with mergo (no override,
/// slices appended): starting empty, each inherited template (itself resolved first, minus its <c>except</c> fields) and
/// then the release fill only the fields still empty, lists are appended (template values before the release's) and
/// maps such as <c>labels</c> gain the keys they lack. So a field set by a template is not replaced by the release.
/// </summary>
internal sealed class ReleaseTemplates
{
    private static readonly string[] Excludable = ["labels", "values", "valuesTemplate", "setTemplate", "set", "setString", "secrets"];

    private static readonly HelmfileKeys InheritKeys = new(["template", "except"], [], []);

    private readonly StateYamlReader _reader;
    private readonly Dictionary<string, YamlMappingNode> _templates = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> _defaults;

    public ReleaseTemplates(StateYamlReader reader, YamlMappingNode root)
    {
        _reader = reader;
        if (reader.Child(root, "templates") is { } node)
        {
            foreach (var (key, value) in reader.Mapping(node, "templates").Children)
            {
                var name = reader.Scalar(key, "a template name");
                var template = reader.Mapping(value, $"templates.{name}");
                HelmfileKeys.Release.Check(reader, template, $"templates.{name}");
                _templates[name] = template;
            }
        }
        _defaults = reader.Child(root, "defaultInherit") switch
        {
            null => [],
            YamlScalarNode one => [reader.Scalar(one, "defaultInherit")],
            var list => reader.StringList(root, "defaultInherit"),
        };
        _defaults = _defaults.Select(d => d.Trim()).Where(d => d.Length > 0).ToList();
    }

    /// <summary>The release as helmfile sees it after inheritance (the node itself when it inherits nothing).</summary>
    public YamlMappingNode Apply(YamlMappingNode release, string name)
    {
        var inherits = Inherits(release, $"release {name}");
        foreach (var d in _defaults.Reverse())
        {
            if (inherits.All(i => i.Template != d)) inherits.Insert(0, (d, [], release));
        }
        if (inherits.Count == 0) return release;
        var merged = Resolve(inherits, release, name, []);
        return merged;
    }

    private YamlMappingNode Resolve(List<(string Template, IReadOnlyList<string> Except, YamlNode At)> inherits, YamlMappingNode own, string name,
        IReadOnlyList<string> path)
    {
        var merged = new YamlMappingNode();
        foreach (var (template, except, at) in inherits)
        {
            if (path.Contains(template, StringComparer.Ordinal))
                throw _reader.Error(at, $"unable to load release \"{name}\" with template: cyclic inheritance detected: {string.Join("->", path.Append(template))}");
            if (!_templates.TryGetValue(template, out var spec))
                throw _reader.Error(at, $"release \"{name}\" tried to inherit inexistent release template \"{template}\"");
            var source = Resolve(Inherits(spec, $"templates.{template}"), spec, name, [.. path, template]);
            foreach (var field in except)
            {
                if (!Excludable.Contains(field, StringComparer.Ordinal))
                {
                    throw _reader.Error(at, $"\"{field}\" is not allowed under `inherit`. Allowed values are \"set\", \"setTemplate\", \"values\", \"valuesTemplate\", \"secrets\", and \"labels\"");
                }
                source.Children.Remove(new YamlScalarNode(field));
            }
            Fill(merged, source);
        }
        Fill(merged, own);
        merged.Children.Remove(new YamlScalarNode("inherit"));
        return merged;
    }

    private List<(string Template, IReadOnlyList<string> Except, YamlNode At)> Inherits(YamlMappingNode spec, string where)
    {
        var list = new List<(string, IReadOnlyList<string>, YamlNode)>();
        if (_reader.Child(spec, "inherit") is not { } node) return list;
        if (node is not YamlSequenceNode seq) throw _reader.Error(node, $"{where}: inherit must be a list of {{template, except}}");
        foreach (var item in seq.Children)
        {
            var m = _reader.Mapping(item, $"{where} inherit entry");
            InheritKeys.Check(_reader, m, $"{where} inherit entry");
            var template = _reader.OptionalString(m, "template") ?? throw _reader.Error(item, $"{where}: an inherit entry needs a template");
            list.Add((template, _reader.StringList(m, "except"), item));
        }
        return list;
    }

    /// <summary>mergo without override, with appended slices: <paramref name="source"/> fills what <paramref name="target"/> lacks.</summary>
    private static void Fill(YamlMappingNode target, YamlMappingNode source)
    {
        foreach (var (key, value) in source.Children)
        {
            if (!target.Children.TryGetValue(key, out var existing) || IsEmpty(existing))
            {
                target.Children[key] = Copy(value);
            }
            else if (existing is YamlSequenceNode a && value is YamlSequenceNode b)
            {
                target.Children[key] = new YamlSequenceNode(a.Children.Concat(b.Children));
            }
            else if (existing is YamlMappingNode m && value is YamlMappingNode n)
            {
                Fill(m, n);
            }
        }
    }

    /// <summary>Mappings are copied (they are filled in place); everything else is shared.</summary>
    private static YamlNode Copy(YamlNode node) => node is YamlMappingNode m ? Copied(m) : node;

    private static YamlMappingNode Copied(YamlMappingNode m)
    {
        var copy = new YamlMappingNode();
        foreach (var (k, v) in m.Children) copy.Children[k] = Copy(v);
        return copy;
    }

    private static bool IsEmpty(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "", Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) } => true,
        YamlScalarNode { Value: "" } => true,
        YamlSequenceNode { Children.Count: 0 } => true,
        YamlMappingNode { Children.Count: 0 } => true,
        _ => false,
    };
}
