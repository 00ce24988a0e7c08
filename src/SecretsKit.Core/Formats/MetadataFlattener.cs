using System.Globalization;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats;

/// <summary>
/// sops <c>stores/flatten.go</c> for the flat formats: a nested metadata branch becomes <c>key__list_0__map_enc</c>
/// pairs (INI <c>[sops]</c> section, dotenv <c>sops_</c> lines) and back.
/// </summary>
internal static class MetadataFlattener
{
    private const string MapSeparator = "__map_";
    private const string ListSeparator = "__list_";
    private const int MaxListIndex = 65535;

    /// <summary>
    /// Depth-first pairs in branch order, each key prefixed with <paramref name="prefix"/>. Empty lists and maps, nulls and
    /// comments produce nothing; scalars are written with <see cref="GoValueText.ToText"/> (ints decimal, bools true/false).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(TreeBranch metadata, string prefix = "")
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var item in metadata.Items)
        {
            if (item.IsComment) continue;
            FlattenValue(item.Value, prefix + item.Key, result);
        }
        return result;
    }

    private static void FlattenValue(TreeNode value, string path, List<KeyValuePair<string, string>> result)
    {
        switch (value)
        {
            case TreeBranch branch:
                foreach (var item in branch.Items)
                {
                    if (!item.IsComment) FlattenValue(item.Value, path + MapSeparator + item.Key, result);
                }
                break;
            case Sequence seq:
                var index = 0;
                foreach (var element in seq.Items)
                {
                    if (element is CommentValue) continue;
                    FlattenValue(element, path + ListSeparator + index.ToString(CultureInfo.InvariantCulture), result);
                    index++;
                }
                break;
            case NullValue or CommentValue:
                break;
            default:
                result.Add(new(path, GoValueText.ToText(value) ?? ""));
                break;
        }
    }

    /// <summary>
    /// Rebuilds the nested branch: maps keep first-appearance order, lists are ordered by index (gaps become null).
    /// Values stay strings, except the top-level <c>shamir_threshold</c> (→ int) and <c>mac_only_encrypted</c>
    /// (→ bool, true only for "true"), like sops' <c>DecodeNonStrings</c>.
    /// </summary>
    public static TreeBranch Unflatten(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new MapNode();
        foreach (var (key, value) in pairs)
        {
            var tokens = Tokenize(key);
            if (tokens.Any(t => t is int and > MaxListIndex))
            {
                throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                    $"invalid sops metadata: the flattened key '{key}' has a list index above {MaxListIndex}");
            }
            object container = root;
            for (var i = 0; i < tokens.Count; i++)
            {
                // The child's kind follows the next token; the last token holds the value itself.
                object child = i == tokens.Count - 1
                    ? DecodeNonString(tokens.Count == 1 ? (string)tokens[0] : null, value)
                    : tokens[i + 1] is int ? new ListNode() : new MapNode();
                container = container is MapNode map
                    ? map.Step((string)tokens[i], child)
                    : ((ListNode)container).Step((int)tokens[i], child);
            }
        }
        return root.ToBranch();
    }

    private static TreeNode DecodeNonString(string? topKey, string value)
    {
        if (topKey is "mac_only_encrypted") return new BoolValue(value == "true");
        if (topKey is "shamir_threshold"
            && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return new IntValue(n);
        }
        return new StringValue(value);
    }

    /// <summary>Splits <c>pgp__list_0__map_enc</c> into <c>"pgp", 0, "enc"</c> (strings = map keys, ints = list indices).</summary>
    internal static List<object> Tokenize(string path)
    {
        var tokens = new List<object>();
        var start = 0;
        var kind = 0; // 0 = leading key, 1 = map, 2 = list
        var i = 0;
        void Finish(int end)
        {
            switch (kind)
            {
                case 0: tokens.Add(path[start..end]); break;
                case 1: tokens.Add(path[(start + MapSeparator.Length)..end]); break;
                default:
                    _ = int.TryParse(path.AsSpan(start + ListSeparator.Length, end - start - ListSeparator.Length),
                        NumberStyles.None, CultureInfo.InvariantCulture, out var index);
                    tokens.Add(index);
                    break;
            }
            start = end;
        }
        while (i < path.Length)
        {
            if (string.CompareOrdinal(path, i, MapSeparator, 0, MapSeparator.Length) == 0)
            {
                Finish(i);
                kind = 1;
                i += MapSeparator.Length;
            }
            else if (string.CompareOrdinal(path, i, ListSeparator, 0, ListSeparator.Length) == 0)
            {
                Finish(i);
                kind = 2;
                i += ListSeparator.Length;
            }
            else
            {
                i++;
            }
        }
        Finish(path.Length);
        return tokens;
    }

    private sealed class MapNode
    {
        private readonly List<string> _order = [];
        private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

        /// <summary>Returns the child container for <paramref name="key"/>, creating it from <paramref name="fresh"/>; leaves are stored.</summary>
        public object Step(string key, object fresh)
        {
            if (!_values.TryGetValue(key, out var existing)) _order.Add(key);
            if (fresh is TreeNode || existing is null || existing.GetType() != fresh.GetType())
            {
                _values[key] = fresh;
                return fresh;
            }
            return existing;
        }

        public TreeBranch ToBranch() => new(_order.Select(k => new TreeItem(k, Build(_values[k]))).ToList());
    }

    private sealed class ListNode
    {
        private readonly SortedDictionary<int, object> _values = [];

        public object Step(int index, object fresh)
        {
            _values.TryGetValue(index, out var existing);
            if (fresh is TreeNode || existing is null || existing.GetType() != fresh.GetType())
            {
                _values[index] = fresh;
                return fresh;
            }
            return existing;
        }

        public Sequence ToSequence()
        {
            var count = _values.Count == 0 ? 0 : _values.Keys.Max() + 1;
            var items = new TreeNode[count];
            for (var i = 0; i < count; i++) items[i] = _values.TryGetValue(i, out var v) ? Build(v) : NullValue.Instance;
            return new Sequence(items);
        }
    }

    private static TreeNode Build(object value) => value switch
    {
        MapNode map => map.ToBranch(),
        ListNode list => list.ToSequence(),
        _ => (TreeNode)value,
    };
}
