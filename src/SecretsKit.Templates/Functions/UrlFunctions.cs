using SecretsKit.Go.Net;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>sprig's <c>urlParse</c> (a dict of <c>scheme host hostname path query opaque fragment userinfo</c>) and <c>urlJoin</c> (the reverse).</summary>
internal static class UrlFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["urlParse"] = c => Parse(c.Exactly(1).String(0));
        t["urlJoin"] = c => Join(SprigValues.Map(c.Exactly(1), 0));
    }

    private static Dictionary<string, object?> Parse(string raw)
    {
        GoUrl u;
        try
        {
            u = GoUrl.Parse(raw);
        }
        catch (FormatException e)
        {
            throw new TemplateFunctionException("unable to parse url: " + e.Message);
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["scheme"] = u.Scheme, ["host"] = u.Host, ["hostname"] = u.Hostname(), ["path"] = u.Path, ["query"] = u.RawQuery,
            ["opaque"] = u.Opaque, ["fragment"] = u.Fragment, ["userinfo"] = u.User?.ToString() ?? "",
        };
    }

    private static string Join(IReadOnlyDictionary<string, object?> d)
    {
        string Part(string key) => !d.TryGetValue(key, out var v) ? "" : v switch
        {
            string s => s,
            null => throw new TemplateFunctionException("runtime error: invalid memory address or nil pointer dereference"),
            _ => throw new TemplateFunctionException($"unable to parse {key} key, must be of type string, but {GoTypes.Kind(v)} found"),
        };
        var url = new GoUrl(Part("scheme"), Part("opaque"), null, Part("host"), Part("path"), Part("query"), Part("fragment"));
        var userinfo = Part("userinfo");
        if (userinfo.Length > 0)
        {
            try
            {
                url = url with { User = GoUrl.Parse($"proto://{userinfo}@host").User };
            }
            catch (FormatException e)
            {
                throw new TemplateFunctionException("unable to parse userinfo in dict: " + e.Message);
            }
        }
        return url.ToString();
    }
}
