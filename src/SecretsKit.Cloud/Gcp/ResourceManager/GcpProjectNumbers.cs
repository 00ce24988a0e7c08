using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Gcp.Http;

namespace SecretsKit.Cloud.Gcp.ResourceManager;

/// <summary>
/// Cloud Resource Manager's <c>GET v3/projects/{projectId}</c>, for the one field Secret Manager's event notifications
/// need: the project's number (<c>name: projects/&lt;number&gt;</c>). IAM: <c>resourcemanager.projects.get</c> on the
/// project. The endpoint is <c>https://cloudresourcemanager.&lt;universe domain&gt;/</c> unless the agent's
/// <see cref="EndpointKey"/> override says otherwise.
/// </summary>
public sealed partial class GcpProjectNumbers
{
    /// <summary>The endpoint override key in <c>ProviderContext.Endpoints</c> (the agent's <c>CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER</c>).</summary>
    public const string EndpointKey = "cloudresourcemanager";

    /// <summary>A project is a few hundred bytes; a larger reply is refused.</summary>
    private const int MaxReplyBytes = 64 << 10;

    private readonly HttpClient _http;
    private readonly GcpTokenSource _tokens;
    private readonly Uri _endpoint;

    internal GcpProjectNumbers(HttpClient http, GcpTokenSource tokens, Uri endpoint) => (_http, _tokens, _endpoint) = (http, tokens, endpoint);

    /// <summary>Whether <paramref name="projectId"/> is a project ID as Resource Manager issues them (6-30 characters).</summary>
    public static bool IsProjectId(string projectId) => ProjectId().IsMatch(projectId);

    /// <summary>The number of project <paramref name="projectId"/>, as digits.</summary>
    public async Task<string> GetNumberAsync(string projectId, CancellationToken cancellationToken)
    {
        if (!IsProjectId(projectId)) throw new ArgumentException("not a project ID", nameof(projectId));
        var what = $"cloudresourcemanager projects.get {projectId}";
        var project = await GcpRestCall.SendAsync(_http, _tokens, HttpMethod.Get, new Uri(_endpoint, $"v3/projects/{projectId}"), null,
            ResourceManagerJsonContext.Default.ResourceManagerProject, what, MaxReplyBytes, cancellationToken);
        var match = project?.Name is { } name ? ProjectName().Match(name) : null;
        if (match is not { Success: true } || project!.ProjectId != projectId)
        {
            throw new GcpSecretManagerException($"{what} (the reply names no project number of {projectId})", 200, "");
        }
        return match.Groups["number"].Value;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectId();

    [GeneratedRegex("^projects/(?<number>[0-9]{1,20})$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectName();
}

/// <summary>The fields of Resource Manager v3's <c>Project</c> read here: <c>name</c> (<c>projects/&lt;number&gt;</c>) and <c>projectId</c>.</summary>
internal sealed record ResourceManagerProject(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("projectId")] string? ProjectId);

[JsonSerializable(typeof(ResourceManagerProject))]
internal sealed partial class ResourceManagerJsonContext : JsonSerializerContext;
