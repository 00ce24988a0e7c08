using SecretsKit.Deploy.Decryption;

namespace SecretsKit.Deploy.Policy.Provenance;

/// <summary>
/// The values a release was rendered with and where each came from, merged in helm's order (a later file overrides a
/// key, maps merge key by key, lists are replaced whole, null deletes): what the plain-text checks need to tell a
/// decrypted secret from an ordinary string. Built by the release pipeline (and by <c>policy --values</c>) from the
/// files as they were given to helm; holds values in memory only, never prints one.
/// </summary>
public sealed class ValueProvenance
{
    /// <summary>Shorter values are never matched: <c>true</c>, <c>80</c> or <c>info</c> would trip over every manifest.</summary>
    public const int MinimumLength = 6;

    private readonly Dictionary<string, MergedValue> _root = new(StringComparer.Ordinal);
    private readonly List<FoundValue> _included = [];
    private readonly HashSet<string> _plainLiteral = new(StringComparer.Ordinal);
    private Views? _views;

    /// <summary>Whether nothing was added.</summary>
    public bool IsEmpty => _root.Count == 0 && _included.Count == 0;

    /// <summary>
    /// One values file (or inline map), merged over what came before. <paramref name="encrypted"/>: its leaves are
    /// decrypted secrets. <paramref name="rendered"/>: it was rendered from a template (a <c>.gotmpl</c>, a
    /// <c>valuesTemplate</c>), so a decrypted value it holds was copied there and does not make that value plain text.
    /// Leaves whose text is in <paramref name="resolvedRefs"/> came from <c>ref+</c> references and count as secret.
    /// Text that is not a YAML mapping adds nothing.
    /// </summary>
    public void AddFile(string source, string yaml, bool encrypted, bool rendered = false, IReadOnlySet<string>? resolvedRefs = null)
    {
        if (ValueLeaves.Read(yaml) is not { } tree) return;
        _views = null;
        var context = new FileContext(source, encrypted, rendered, resolvedRefs);
        Merge(_root, tree, "", context);
    }

    /// <summary>One <c>--set</c>-like value at a dotted key.</summary>
    public void AddValue(string key, string value, string source, bool encrypted)
    {
        _views = null;
        var parts = key.Split('.');
        var map = _root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!map.TryGetValue(parts[i], out var child) || child.Map is null) map[parts[i]] = child = new MergedValue(new(StringComparer.Ordinal), null);
            map = child.Map!;
        }
        map[parts[^1]] = new MergedValue(null, [new FoundValue(value, new ValueOrigin(key, source, encrypted))]);
        if (!encrypted) _plainLiteral.Add(value);
    }

    /// <summary>Whether the merged values (not those <see cref="Include"/>d) hold a value at the dotted key <paramref name="path"/>: a scalar, list or map, not null.</summary>
    public bool Has(string path)
    {
        var map = _root;
        var parts = path.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!map.TryGetValue(parts[i], out var child) || child.Map is null) return false;
            map = child.Map;
        }
        return map.ContainsKey(parts[^1]);
    }

    /// <summary>The final values of another merge (the helmfile state's environment values and secrets), kept beside these.</summary>
    public void Include(ValueProvenance other)
    {
        _views = null;
        _included.AddRange(other.Final());
        _plainLiteral.UnionWith(other._plainLiteral);
    }

    /// <summary>
    /// The decrypted values worth looking for, each with the first key it came from: at least <see cref="MinimumLength"/>
    /// characters, not a number or boolean, not a name or location under its key (<see cref="NonSecretValues"/>: a host,
    /// a Secret's name), and not also written in a plain (not encrypted, not rendered) values file.
    /// </summary>
    public IReadOnlyList<(string Value, ValueOrigin Origin)> Decrypted => (_views ??= BuildViews()).Decrypted;

    /// <summary>
    /// The plain values file key whose final value is exactly <paramref name="value"/> (at least <see cref="MinimumLength"/>
    /// characters, not a number or boolean, not a name or location under its key, and not a decrypted value too); null
    /// when none is.
    /// </summary>
    public ValueOrigin? PlainOrigin(string value) =>
        (_views ??= BuildViews()).Plain.TryGetValue(value, out var origin) ? origin : null;

    /// <summary>The keys whose final value is exactly <paramref name="value"/> and came from an encrypted source (any length).</summary>
    public IEnumerable<ValueOrigin> EncryptedKeysHolding(string value) =>
        Final().Where(f => f.Origin.Encrypted && f.Value == value).Select(f => f.Origin).DistinctBy(o => o.Key, StringComparer.Ordinal);

    /// <summary>Whether a value is long enough and string-like enough to match.</summary>
    public static bool Counts(string value) => value.Trim().Length >= MinimumLength && !SensitiveLeaves.IsPlainNonString(value.Trim());

    private void Merge(Dictionary<string, MergedValue> target, ValueNode.Map source, string prefix, FileContext context)
    {
        foreach (var (key, node) in source.Children)
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            switch (node)
            {
                case null:
                    break;
                case ValueNode.Map map:
                    if (!target.TryGetValue(key, out var child) || child.Map is null)
                    {
                        target[key] = child = new MergedValue(new(StringComparer.Ordinal), null);
                    }
                    Merge(child.Map!, map, path, context);
                    break;
                default:
                    if (ReferenceEquals(node, ValueNode.Null))
                    {
                        target.Remove(key);
                        break;
                    }
                    var leaves = new List<FoundValue>();
                    Collect(node, path, context, leaves);
                    target[key] = new MergedValue(null, leaves);
                    break;
            }
        }
    }

    private void Collect(ValueNode? node, string path, FileContext context, List<FoundValue> into)
    {
        switch (node)
        {
            case ValueNode.Leaf leaf:
                if (leaf.NonString) return;
                var secret = context.Encrypted || context.ResolvedRefs?.Contains(leaf.Text) == true;
                var source = secret && !context.Encrypted ? context.Source + " (ref+)" : context.Source;
                into.Add(new FoundValue(leaf.Text, new ValueOrigin(path, source, secret)));
                if (!secret && !context.Rendered) _plainLiteral.Add(leaf.Text);
                break;
            case ValueNode.Map map:
                foreach (var (key, child) in map.Children) Collect(child, path + "." + key, context, into);
                break;
            case ValueNode.List list:
                for (var i = 0; i < list.Items.Count; i++) Collect(list.Items[i], $"{path}[{i}]", context, into);
                break;
        }
    }

    private IEnumerable<FoundValue> Final()
    {
        var stack = new Stack<Dictionary<string, MergedValue>>([_root]);
        var found = new List<FoundValue>();
        while (stack.Count > 0)
        {
            foreach (var value in stack.Pop().Values)
            {
                if (value.Map is { } map) stack.Push(map);
                else found.AddRange(value.Leaves!);
            }
        }
        return found.Concat(_included);
    }

    private Views BuildViews()
    {
        var final = Final().ToList();
        var secretTexts = final.Where(f => f.Origin.Encrypted).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        // a name or location (a host, a Secret's name) under its key is no secret, encrypted with the rest of the file or not
        var secrets = final.Where(f => Counts(f.Value) && !NonSecretValues.Is(f.Origin.Key, f.Value.Trim())).ToList();
        var decrypted = secrets.Where(f => f.Origin.Encrypted && !_plainLiteral.Contains(f.Value))
            .DistinctBy(f => f.Value, StringComparer.Ordinal).Select(f => (f.Value, f.Origin)).ToList();
        var plain = new Dictionary<string, ValueOrigin>(StringComparer.Ordinal);
        foreach (var f in secrets.Where(f => !f.Origin.Encrypted && !secretTexts.Contains(f.Value))) plain.TryAdd(f.Value, f.Origin);
        return new Views(decrypted, plain);
    }

    /// <summary>One merged key: a map of keys, or the leaves of a scalar or list.</summary>
    private sealed record MergedValue(Dictionary<string, MergedValue>? Map, List<FoundValue>? Leaves);

    private sealed record FoundValue(string Value, ValueOrigin Origin);

    private sealed record FileContext(string Source, bool Encrypted, bool Rendered, IReadOnlySet<string>? ResolvedRefs);

    private sealed record Views(IReadOnlyList<(string Value, ValueOrigin Origin)> Decrypted, Dictionary<string, ValueOrigin> Plain);
}
