using SecretsKit.Cel;
using SecretsKit.Cel.Syntax;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.State;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>Reads one analysis (<see cref="AnalysisSpec"/>) of the promotion file's <c>strategies:</c>.</summary>
internal static class AnalysisReader
{
    private static readonly HelmfileKeys AnalysisKeys = new(["helmTest", "http", "prometheus", "command", "interval", "count", "failureLimit", "timeout"], [], []);
    private static readonly HelmfileKeys HttpKeys = new(["url", "expectStatus", "jsonPath", "successCondition"], [], []);
    private static readonly HelmfileKeys PrometheusKeys = new(["address", "query", "successCondition"], [], []);

    /// <summary>The environment conditions compile in (<c>result</c>, <c>status</c>).</summary>
    public static CelEnvironment Conditions { get; } = CelEnvironment.Standard();

    public static AnalysisSpec Read(StateYamlReader reader, YamlNode node, string what)
    {
        var analysis = reader.Mapping(node, what);
        AnalysisKeys.Check(reader, analysis, "an analysis");
        var http = reader.Child(analysis, "http") is { } h ? ReadHttp(reader, reader.Mapping(h, "http")) : null;
        var prometheus = reader.Child(analysis, "prometheus") is { } p ? ReadPrometheus(reader, reader.Mapping(p, "prometheus")) : null;
        IReadOnlyList<string>? command = null;
        if (reader.Child(analysis, "command") is { } c)
        {
            command = reader.StringList(analysis, "command");
            if (command.Count == 0 || command[0].Length == 0) throw reader.Error(c, "command must be a non-empty list: [program, arguments…]");
        }
        var helmTest = reader.Bool(analysis, "helmTest", false);
        if (!helmTest && http is null && prometheus is null && command is null)
        {
            throw reader.Error(analysis, "an analysis needs at least one check: helmTest, http, prometheus or command");
        }
        var count = reader.Int(analysis, "count", 1);
        if (count < 1) throw reader.Error(reader.Child(analysis, "count")!, "count must be at least 1");
        var failureLimit = reader.Int(analysis, "failureLimit", 0);
        var interval = reader.Child(analysis, "interval") is { } i ? reader.Duration(i, "interval") : AnalysisSpec.DefaultInterval;
        var timeout = reader.Child(analysis, "timeout") is { } t ? reader.Duration(t, "timeout") : AnalysisSpec.DefaultTimeout;
        if (timeout <= TimeSpan.Zero) throw reader.Error(reader.Child(analysis, "timeout")!, "timeout must be longer than 0s");
        return new AnalysisSpec(helmTest, http, prometheus, command, interval, count, failureLimit, timeout, reader.Where(analysis));
    }

    private static HttpAnalysis ReadHttp(StateYamlReader reader, YamlMappingNode node)
    {
        HttpKeys.Check(reader, node, "http");
        var url = Url(reader, node, "url", "http");
        var status = reader.OptionalInt(node, "expectStatus");
        if (status is < 100 or > 599) throw reader.Error(reader.Child(node, "expectStatus")!, "expectStatus must be an HTTP status (100..599)");
        var jsonPath = reader.OptionalString(node, "jsonPath");
        if (jsonPath is not null && !jsonPath.StartsWith('$')) throw reader.Error(reader.Child(node, "jsonPath")!, "jsonPath must start with $ ($.status, $.checks[0].ok)");
        return new HttpAnalysis(url, status, jsonPath, Condition(reader, node, required: false));
    }

    private static PrometheusAnalysis ReadPrometheus(StateYamlReader reader, YamlMappingNode node)
    {
        PrometheusKeys.Check(reader, node, "prometheus");
        var address = Url(reader, node, "address", "prometheus");
        var query = reader.OptionalString(node, "query") ?? throw reader.Error(node, "prometheus needs query (a PromQL expression)");
        return new PrometheusAnalysis(address, query, Condition(reader, node, required: true)!);
    }

    private static Uri Url(StateYamlReader reader, YamlMappingNode node, string key, string where)
    {
        var text = reader.OptionalString(node, key) ?? throw reader.Error(node, $"{where} needs {key}");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri
            : throw reader.Error(reader.Child(node, key)!, $"{where}.{key} must be an http:// or https:// URL without credentials (got '{Echo.Bounded(text)}')");
    }

    /// <summary><c>successCondition</c>, parsed now so that a typo stops the run before anything is deployed.</summary>
    private static string? Condition(StateYamlReader reader, YamlMappingNode node, bool required)
    {
        var text = reader.OptionalString(node, "successCondition");
        if (text is null)
        {
            return required ? throw reader.Error(node, "prometheus needs successCondition (a CEL expression over result, such as result < 0.01)") : null;
        }
        try
        {
            CelProgram.Compile(text, Conditions);
        }
        catch (CelSyntaxException e)
        {
            throw reader.Error(reader.Child(node, "successCondition")!, $"successCondition is not a CEL expression: {Echo.Bounded(e.Message, 300)}");
        }
        return text;
    }
}
