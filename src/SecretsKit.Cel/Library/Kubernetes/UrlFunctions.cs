using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>Kubernetes' URL library: <c>url()</c>, <c>isURL()</c>, <c>getScheme()</c>, <c>getHost()</c>,
/// <c>getHostname()</c>, <c>getPort()</c>, <c>getEscapedPath()</c>, <c>getQuery()</c>.</summary>
internal static class UrlFunctions
{
    public static void Register(FunctionRegistry registry)
    {
        registry
            .Global("url", (_, a) => a is [string s]
                ? (object?)CelUrl.Parse(s) ?? CelError.Invalid($"URL parse error during conversion from string: parse \"{s}\": invalid URI for request")
                : CelError.NoOverload("url"))
            .Global("isURL", (_, a) => a is [string s] ? CelUrl.Parse(s) is not null : CelError.NoOverload("isURL"))
            .Member("getScheme", (_, a) => a is [CelUrl u] ? u.Scheme : CelError.NoOverload("getScheme"))
            .Member("getHost", (_, a) => a is [CelUrl u] ? u.Host : CelError.NoOverload("getHost"))
            .Member("getHostname", (_, a) => a is [CelUrl u] ? u.Hostname : CelError.NoOverload("getHostname"))
            .Member("getPort", (_, a) => a is [CelUrl u] ? u.Port : CelError.NoOverload("getPort"))
            .Member("getEscapedPath", (_, a) => a is [CelUrl u] ? u.Path : CelError.NoOverload("getEscapedPath"))
            .Member("getQuery", (_, a) => a is [CelUrl u] ? u.QueryMap() : CelError.NoOverload("getQuery"));
    }
}
