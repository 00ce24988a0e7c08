using SecretsKit.Agent.Model;
using SecretsKit.Go.Values;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// <c>dataFrom[].rewrite</c> as ESO's <c>RewriteMap</c>: the operations in order, each one's output the next one's
/// input. Regexp and transform rewrite every key (on the project's Go template engine, so Go's RE2 syntax, <c>$1</c>
/// expansion and functions apply); merge combines the JSON values (<see cref="MergeRewriter"/>). Keys are visited in
/// sorted order, so that where ESO's map order would pick a winner at random (two keys rewritten to one), the last
/// key in sort order wins here every time.
/// </summary>
internal static class KeyRewrites
{
    private const string RegexpTemplate = "{{ mustRegexReplaceAll .source .key .target }}";

    /// <summary>Applies <paramref name="operations"/>; a failure is a <see cref="KeyRewriteException"/> with ESO's message.</summary>
    public static Dictionary<string, byte[]> Apply(IReadOnlyList<Rewrite> operations, IReadOnlyDictionary<string, byte[]> input)
    {
        var map = new Dictionary<string, byte[]>(input, StringComparer.Ordinal);
        for (var i = 0; i < operations.Count; i++)
        {
            try
            {
                map = operations[i] switch
                {
                    MergeRewrite merge => MergeRewriter.Merge(merge, map),
                    RegexpRewrite regexp => Regexp(regexp, map),
                    TransformRewrite transform => Transform(transform, map),
                    _ => map,
                };
            }
            catch (KeyRewriteException e)
            {
                throw new KeyRewriteException($"failed rewrite operation[{i}]: {e.Message}");
            }
        }
        return map;
    }

    private static Dictionary<string, byte[]> Regexp(RegexpRewrite op, Dictionary<string, byte[]> map)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        // compiled once up front: a bad pattern fails even when there is no key
        Render(RegexpTemplate, Data(("source", op.Source), ("key", ""), ("target", op.Target)), "regexp", compileError: true);
        foreach (var (key, value) in Sorted(map))
        {
            result[Render(RegexpTemplate, Data(("source", op.Source), ("key", key), ("target", op.Target)), "regexp", compileError: true)] = value;
        }
        return result;
    }

    private static Dictionary<string, byte[]> Transform(TransformRewrite op, Dictionary<string, byte[]> map)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in Sorted(map))
        {
            try
            {
                result[TemplateEngine.Render(op.Template, Data(("value", key)), "transform", TemplateEngine.KeyOptions)] = value;
            }
            catch (TemplateException e) when (!e.Executing)
            {
                throw new KeyRewriteException($"transform failed with failed to parse template: {e.Message}");
            }
            catch (TemplateException e)
            {
                throw new KeyRewriteException($"transform failed with failed to execute template for key {GoValues.Quote(key)}: {e.Message}");
            }
        }
        return result;
    }

    private static string Render(string template, IReadOnlyDictionary<string, object?> data, string name, bool compileError)
    {
        try
        {
            return TemplateEngine.Render(template, data, name, TemplateEngine.KeyOptions);
        }
        catch (TemplateException e) when (compileError)
        {
            const string Marker = "error calling mustRegexReplaceAll: ";
            var at = e.Message.IndexOf(Marker, StringComparison.Ordinal);
            throw new KeyRewriteException($"regexp failed with failed to compile: {(at >= 0 ? e.Message[(at + Marker.Length)..] : e.Message)}");
        }
    }

    private static GoTypedDictionary Data(params (string Key, string Value)[] entries) =>
        GoTypedDictionary.Strings(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static IEnumerable<KeyValuePair<string, byte[]>> Sorted(Dictionary<string, byte[]> map) => map.OrderBy(kv => kv.Key, StringComparer.Ordinal);
}
