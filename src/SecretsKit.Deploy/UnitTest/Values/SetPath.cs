using System.Globalization;
using System.Text;

namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>
/// A suite's <c>set:</c> key turned into the values it stands for, as helm-unittest builds them: <c>a.b[1].c</c> gives
/// <c>{a: {b: [null, {c: v}]}}</c>, and <c>a[some.key]</c> or <c>a.[some.key]</c> keeps the dots of a key.
/// </summary>
internal static class SetPath
{
    private const int MaxIndex = 10_000;

    public static Dictionary<string, object?> Build(string path, object? value)
    {
        if (path.Length == 0) throw new YamlPathException("set path is empty");
        var cursors = Parse(path);
        var root = new Dictionary<string, object?>(StringComparer.Ordinal);
        object current = root;
        for (var depth = 0; depth < cursors.Count; depth++)
        {
            object? next = depth == cursors.Count - 1 ? value
                : cursors[depth + 1] is int idx ? new List<object?>(new object?[idx + 1])
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            if (cursors[depth] is string key) ((Dictionary<string, object?>)current)[key] = next;
            else ((List<object?>)current)[(int)cursors[depth]] = next;
            if (next is not null) current = next;
        }
        return root;
    }

    private static List<object> Parse(string path)
    {
        var cursors = new List<object>();
        var i = 0;
        var expectKey = true;
        while (i <= path.Length)
        {
            var (token, stop) = Until(path, ref i);
            if (stop is ',' or '{' or '}' or '=') throw new YamlPathException($"invalid token found {stop}");
            if (expectKey)
            {
                if (stop == '\0')
                {
                    if (token.Length == 0) throw new YamlPathException("unexpected end of");
                    cursors.Add(token);
                    return cursors;
                }
                if (stop == '[' && token.Length == 0) { cursors.Add(ReadEscaped(path, ref i)); expectKey = false; continue; }
                if (stop is not ('.' or '[')) throw new YamlPathException($"invalid key {stop}");
                cursors.Add(token);
                if (stop == '[') { cursors.Add(ReadIndex(path, ref i)); expectKey = false; }
                continue;
            }
            // after an index or an escaped key: end, '.' then a key, or '[' then an index
            if (token.Length != 0 || stop == ']') throw new YamlPathException($"invalid denotation token {stop}");
            if (stop == '\0') return cursors;
            if (stop == '.') expectKey = true;
            else if (stop == '[') cursors.Add(ReadIndex(path, ref i));
            else throw new YamlPathException($"invalid denotation token {stop}");
        }
        return cursors;
    }

    private static (string Token, char Stop) Until(string path, ref int i)
    {
        var sb = new StringBuilder();
        while (i < path.Length)
        {
            var c = path[i++];
            if (c is '.' or '[' or ']' or ',' or '{' or '}' or '=') return (sb.ToString(), c);
            sb.Append(c);
        }
        i++;
        return (sb.ToString(), '\0');
    }

    private static int ReadIndex(string path, ref int i)
    {
        var (token, stop) = Until(path, ref i);
        if (stop != ']') throw new YamlPathException("missing index value");
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > MaxIndex)
            throw new YamlPathException($"strconv.Atoi: parsing \"{token}\": invalid syntax");
        return n;
    }

    private static string ReadEscaped(string path, ref int i)
    {
        var close = path.IndexOf(']', i);
        if (close < 0) throw new YamlPathException("invalid escaping token");
        var key = path[i..close];
        i = close + 1;
        return key;
    }
}
