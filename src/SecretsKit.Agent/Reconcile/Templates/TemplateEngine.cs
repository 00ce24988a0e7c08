using System.Text;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary>
/// A small Go-template subset for <c>target.template.data</c>: <c>{{ .key }}</c>, <c>{{ index . "a-b" }}</c>, pipelines
/// (<c>{{ .x | b64dec | upper }}</c>), parenthesised calls, string/number literals, <c>{{-</c>/<c>-}}</c> trimming, and the
/// functions in <see cref="TemplateFunctions"/>. Control structures (if/range/with) are not supported and are reported.
/// </summary>
internal static class TemplateEngine
{
    public static string Render(string template, IReadOnlyDictionary<string, object?> data, string where)
    {
        var output = new StringBuilder();
        var pos = 0;
        while (pos < template.Length)
        {
            var open = template.IndexOf("{{", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(template, pos, template.Length - pos);
                break;
            }
            var text = template[pos..open];
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) throw new TemplateException($"{where}: unclosed action '{{{{'");
            var action = template[(open + 2)..close];
            if (action.StartsWith('-')) text = text.TrimEnd();
            output.Append(text);
            pos = close + 2;
            if (action.EndsWith('-'))
            {
                action = action[..^1];
                while (pos < template.Length && char.IsWhiteSpace(template[pos])) pos++;
            }
            if (action.StartsWith('-')) action = action[1..];
            action = action.Trim();
            if (action.StartsWith("/*", StringComparison.Ordinal)) continue;
            var tokens = TemplateLexer.Tokenize(action, where);
            var parser = new TemplateParser(tokens, data, where);
            output.Append(TemplateFunctions.Print(parser.EvaluatePipeline()));
            parser.ExpectEnd();
        }
        return output.ToString();
    }
}
