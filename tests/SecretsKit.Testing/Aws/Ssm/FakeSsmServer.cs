using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Aws.Ssm;

/// <summary>
/// A wire-level AWS SSM Parameter Store fake (JSON 1.1, <c>AmazonSSM.*</c> targets): GetParameter
/// (<c>name:version</c>), GetParameters (≤10 names), GetParametersByPath (recursive or one level, ≤10 per page with
/// NextToken), and the PushSecret writes (<c>FakeSsmServer.Writes.cs</c>). SecureString values come back in clear only with <c>WithDecryption=true</c>. Seed with
/// <see cref="PutParameter"/>; <see cref="FakeHttpServer.CallCount"/> takes operation names (<c>GetParameter</c>…).
/// </summary>
public sealed partial class FakeSsmServer : FakeAwsJsonServer
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, List<(string Value, string Type, DateTimeOffset Modified)>> _parameters = new(StringComparer.Ordinal);

    private FakeSsmServer(string region)
        : base("ssm", "AmazonSSM", region)
    {
    }

    public static async Task<FakeSsmServer> StartAsync(string region = "us-east-1")
    {
        var server = new FakeSsmServer(region);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Writes a new version of a parameter (<c>String</c>, <c>StringList</c> or <c>SecureString</c>); returns its version.</summary>
    public long PutParameter(string name, string value, string type = "String")
    {
        lock (_gate)
        {
            if (!_parameters.TryGetValue(name, out var versions)) _parameters[name] = versions = [];
            versions.Add((value, type, DateTimeOffset.UtcNow));
            return versions.Count;
        }
    }

    protected override Task HandleOperationAsync(HttpContext context, string operation, JsonObject body) => operation switch
    {
        "GetParameter" => GetParameterAsync(context, body),
        "GetParameters" => GetParametersAsync(context, body),
        "GetParametersByPath" => GetParametersByPathAsync(context, body),
        "PutParameter" => PutParameterAsync(context, body),
        "DeleteParameter" => DeleteParameterAsync(context, body),
        "ListTagsForResource" => ListTagsForResourceAsync(context, body),
        "AddTagsToResource" => AddTagsToResourceAsync(context, body),
        "RemoveTagsFromResource" => RemoveTagsFromResourceAsync(context, body),
        _ => ErrorAsync(context, 400, "UnknownOperationException", $"unknown operation {operation}"),
    };

    private async Task GetParameterAsync(HttpContext context, JsonObject body)
    {
        var (parameter, error) = Lookup(Str(body, "Name") ?? "", Decrypt(body));
        if (parameter is null)
        {
            await ErrorAsync(context, 400, error!, "");
            return;
        }
        await OkAsync(context, new JsonObject { ["Parameter"] = parameter });
    }

    private async Task GetParametersAsync(HttpContext context, JsonObject body)
    {
        var names = (body["Names"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (names.Count is 0 or > 10)
        {
            await ErrorAsync(context, 400, "ValidationException", "Names must hold between 1 and 10 names");
            return;
        }
        var found = new JsonArray();
        var invalid = new JsonArray();
        foreach (var name in names)
        {
            var (parameter, _) = Lookup(name, Decrypt(body));
            if (parameter is null) invalid.Add(name);
            else found.Add(parameter);
        }
        await OkAsync(context, new JsonObject { ["Parameters"] = found, ["InvalidParameters"] = invalid });
    }

    private async Task GetParametersByPathAsync(HttpContext context, JsonObject body)
    {
        var path = Str(body, "Path") ?? "";
        var size = body["MaxResults"] is JsonValue m ? m.GetValue<int>() : 10;
        if (!path.StartsWith('/') || size is < 1 or > 10)
        {
            await ErrorAsync(context, 400, "ValidationException", "Path must start with / and MaxResults must be 1..10");
            return;
        }
        var recursive = body["Recursive"] is JsonValue r && r.GetValue<bool>();
        var prefix = path.EndsWith('/') ? path : path + "/";
        var start = Str(body, "NextToken") is { } token ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture) : 0;
        List<string> names;
        lock (_gate)
        {
            names = _parameters.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) &&
                                                (recursive || !n[prefix.Length..].Contains('/', StringComparison.Ordinal))).ToList();
        }
        var page = new JsonArray();
        foreach (var name in names.Skip(start).Take(size)) page.Add(Lookup(name, Decrypt(body)).Parameter);
        var response = new JsonObject { ["Parameters"] = page };
        if (start + size < names.Count) response["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((start + size).ToString(CultureInfo.InvariantCulture)));
        await OkAsync(context, response);
    }

    private (JsonObject? Parameter, string? Error) Lookup(string nameWithSelector, bool decrypt)
    {
        var colon = nameWithSelector.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? nameWithSelector : nameWithSelector[..colon];
        var selector = colon < 0 ? null : nameWithSelector[colon..];
        lock (_gate)
        {
            if (!_parameters.TryGetValue(name, out var versions)) return (null, "ParameterNotFound");
            var number = versions.Count;
            if (selector is not null && (!int.TryParse(selector[1..], NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1 || number > versions.Count))
            {
                return (null, "ParameterVersionNotFound");
            }
            var (value, type, modified) = versions[number - 1];
            var json = new JsonObject
            {
                ["Name"] = name,
                ["Type"] = type,
                ["Value"] = type == "SecureString" && !decrypt ? "AQICAH" + Convert.ToBase64String(Encoding.UTF8.GetBytes(new string(value.Reverse().ToArray()))) : value,
                ["Version"] = number,
                ["LastModifiedDate"] = EpochSeconds(modified),
                ["ARN"] = $"arn:aws:ssm:{Region}:123456789012:parameter/{name.TrimStart('/')}",
                ["DataType"] = "text",
            };
            if (selector is not null) json["Selector"] = selector;
            return (json, null);
        }
    }

    private static bool Decrypt(JsonObject body) => body["WithDecryption"] is JsonValue v && v.GetValue<bool>();

    private static string? Str(JsonObject body, string name) => body[name] is JsonValue v ? v.GetValue<string>() : null;
}
