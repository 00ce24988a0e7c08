using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>
/// The API fake serves streaming lists as Kubernetes 1.35 does (KEP-3157; what client-go 0.35's reflector, and with it
/// Helm 4's <c>--wait</c>, asks for): <c>watch=true&amp;sendInitialEvents=true&amp;resourceVersionMatch=NotOlderThan</c>
/// sends the current objects as ADDED, then a BOOKMARK annotated <c>k8s.io/initial-events-end</c> at the state's
/// resourceVersion, then live changes; the options are validated as apimachinery's <c>ValidateListOptions</c> does.
/// Raw HTTP: the project's own client never sends these options.
/// </summary>
public sealed class FakeStreamingListTests
{
    private const string Secrets = "/api/v1/namespaces/default/secrets";

    [Fact]
    public async Task A_streaming_list_sends_the_state_then_the_end_bookmark_then_live_changes()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(FakeResourceType.Secret, "default", Secret("a"));
        server.Create(FakeResourceType.Secret, "default", Secret("b"));
        var stateVersion = server.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync(
            $"{Secrets}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=60",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var first = await NextAsync(events, cts.Token);
        var second = await NextAsync(events, cts.Token);
        var end = await NextAsync(events, cts.Token);
        server.Create(FakeResourceType.Secret, "default", Secret("c"));
        var live = await NextAsync(events, cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["ADDED a", "ADDED b"], new[] { first, second }.Select(e => $"{e["type"]} {e["object"]!["metadata"]!["name"]}").Order());
        Assert.Equal("BOOKMARK", end["type"]!.GetValue<string>());
        Assert.Equal(stateVersion, end["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("true", end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        Assert.Equal("ADDED c", $"{live["type"]} {live["object"]!["metadata"]!["name"]}");
    }

    [Fact]
    public async Task Without_allow_watch_bookmarks_the_state_comes_without_an_end_bookmark()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(FakeResourceType.Secret, "default", Secret("a"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync($"{Secrets}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=60",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var state = await NextAsync(events, cts.Token);
        server.Create(FakeResourceType.Secret, "default", Secret("b"));
        var next = await NextAsync(events, cts.Token);

        Assert.Equal("ADDED a", $"{state["type"]} {state["object"]!["metadata"]!["name"]}");
        Assert.Equal("ADDED b", $"{next["type"]} {next["object"]!["metadata"]!["name"]}");
    }

    [Fact]
    public async Task Send_initial_events_false_without_a_resource_version_starts_at_the_current_state_with_no_synthetic_events()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Create(FakeResourceType.Secret, "default", Secret("old"));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await http.GetAsync($"{Secrets}?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan&timeoutSeconds=60",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var events = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        server.Create(FakeResourceType.Secret, "default", Secret("new"));
        var first = await NextAsync(events, cts.Token);

        Assert.Equal("ADDED new", $"{first["type"]} {first["object"]!["metadata"]!["name"]}");
    }

    [Theory]
    [InlineData("sendInitialEvents=true", "ListOptions.meta.k8s.io \"\" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list")]
    [InlineData("watch=true&sendInitialEvents=true",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]
    [InlineData("watch=true&resourceVersionMatch=NotOlderThan",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")]
    [InlineData("watch=true&sendInitialEvents=true&resourceVersionMatch=Exact",
        "ListOptions.meta.k8s.io \"\" is invalid: [resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan, "
        + "resourceVersionMatch: Unsupported value: \"Exact\": supported values: \"NotOlderThan\"]")]
    [InlineData("resourceVersionMatch=NotOlderThan",
        "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")]
    public async Task Invalid_list_options_are_refused_with_the_api_servers_422(string query, string message)
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync($"{Secrets}?{query}");
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Invalid", status["reason"]!.GetValue<string>());
        Assert.Equal("ListOptions", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
    }

    private static JsonObject Secret(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name }, ["type"] = "Opaque" };

    private static async Task<JsonObject> NextAsync(StreamReader events, CancellationToken ct) =>
        JsonNode.Parse(await events.ReadLineAsync(ct) ?? throw new InvalidOperationException("the watch stream ended"))!.AsObject();
}
