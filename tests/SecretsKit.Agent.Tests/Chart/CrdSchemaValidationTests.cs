using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// The Kubernetes API fake applies the chart's CRD schemas (rendered by the real helm) to custom resources as
/// apiextensions-apiserver does: wrong types, enum misses and missing required fields get 422 Invalid with the API
/// server's messages, undeclared fields are pruned at every depth (kept under x-kubernetes-preserve-unknown-fields),
/// and int-or-string, nullable, additionalProperties maps and embedded resources behave like the real server; every
/// example manifest passes the schemas whole.
/// </summary>
public sealed class CrdSchemaValidationTests
{
    private const string EsPath = "/apis/external-secrets.io/v1/namespaces/team-a/externalsecrets";

    [Fact]
    public async Task A_wrongly_typed_spec_field_gets_422_with_the_api_servers_type_message_and_is_not_stored()
    {
        await using var server = await ServerAsync();

        var (status, body) = await PostAsync(server, EsPath, Es("es", """{"refreshInterval":5}"""));

        Assert.Equal(422, status);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Equal("ExternalSecret.external-secrets.io \"es\" is invalid: spec.refreshInterval: Invalid value: \"integer\": "
            + "spec.refreshInterval in body must be of type string: \"integer\"", body["message"]!.GetValue<string>());
        var cause = body["details"]!["causes"]![0]!;
        Assert.Equal("FieldValueInvalid", cause["reason"]!.GetValue<string>());
        Assert.Equal("spec.refreshInterval", cause["field"]!.GetValue<string>());
        Assert.Null(server.TryGet(FakeResourceType.ExternalSecret, "team-a", "es"));
    }

    [Fact]
    public async Task An_enum_miss_is_unsupported_value_and_a_missing_required_field_is_required_value_all_listed()
    {
        await using var server = await ServerAsync();

        var (status, body) = await PostAsync(server, EsPath,
            Es("es", """{"target":{"creationPolicy":"Sometimes"},"data":[{"secretKey":"a"}]}"""));

        Assert.Equal(422, status);
        Assert.Equal("ExternalSecret.external-secrets.io \"es\" is invalid: ["
            + "spec.target.creationPolicy: Unsupported value: \"Sometimes\": supported values: \"Owner\", \"Orphan\", \"Merge\", \"None\", \"CreateOrMerge\", "
            + "spec.data[0].remoteRef: Required value]", body["message"]!.GetValue<string>());
        var causes = body["details"]!["causes"]!.AsArray().Select(c => c!["reason"]!.GetValue<string>()).ToList();
        Assert.Equal(["FieldValueNotSupported", "FieldValueRequired"], causes);
    }

    [Fact]
    public async Task Undeclared_fields_are_pruned_at_every_depth_while_open_fields_and_map_values_are_kept()
    {
        await using var server = await ServerAsync();

        var (status, _) = await PostAsync(server, EsPath, Es("es", """
            {"bogus":1,"target":{"name":"t","bogus":{"x":1},"template":{"anything":{"deep":[1]}}},
             "data":[{"secretKey":"a","remoteRef":{"key":"k","bogus":"x"}}],
             "dataFrom":[{"find":{"tags":{"env":"prod"},"bogus":true}}]}
            """));

        Assert.Equal(201, status);
        var spec = server.TryGet(FakeResourceType.ExternalSecret, "team-a", "es")!["spec"]!;
        Assert.Null(spec["bogus"]);
        Assert.Null(spec["target"]!["bogus"]);
        Assert.Equal(1, spec["target"]!["template"]!["anything"]!["deep"]![0]!.GetValue<int>());
        Assert.Equal("""{"key":"k"}""", spec["data"]![0]!["remoteRef"]!.ToJsonString());
        Assert.Equal("""{"tags":{"env":"prod"}}""", spec["dataFrom"]![0]!["find"]!.ToJsonString());
        Assert.Equal(
            ["ExternalSecret team-a/es: spec.bogus", "ExternalSecret team-a/es: spec.dataFrom[0].find.bogus",
             "ExternalSecret team-a/es: spec.data[0].remoteRef.bogus", "ExternalSecret team-a/es: spec.target.bogus"],
            server.UnknownFields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_additionalProperties_map_value_of_the_wrong_type_is_refused_at_its_key()
    {
        await using var server = await ServerAsync();

        var (status, body) = await PostAsync(server, EsPath, Es("es", """{"dataFrom":[{"find":{"tags":{"env":3}}}]}"""));

        Assert.Equal(422, status);
        Assert.EndsWith("spec.dataFrom[0].find.tags.env: Invalid value: \"integer\": spec.dataFrom[0].find.tags.env in body must be of type string: \"integer\"",
            body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_int_or_string_field_takes_an_integer_or_a_string_and_refuses_a_boolean()
    {
        await using var server = await ServerAsync();
        const string path = "/apis/external-secrets.io/v1/namespaces/team-a/secretstores";

        var (seconds, _) = await PostAsync(server, path, Store("a", "30"));
        var (duration, _) = await PostAsync(server, path, Store("b", "\"1m\""));
        var (boolean, body) = await PostAsync(server, path, Store("c", "true"));

        Assert.Equal(201, seconds);
        Assert.Equal(201, duration);
        Assert.Equal(422, boolean);
        Assert.EndsWith("spec.refreshInterval: Invalid value: \"boolean\": spec.refreshInterval in body must be of type integer,string: \"boolean\"",
            body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_in_a_nullable_field_is_kept_and_in_any_other_field_is_dropped_without_an_error()
    {
        await using var server = await ServerAsync();
        await PostAsync(server, EsPath, Es("es", """{"refreshInterval":null,"target":{"name":null}}"""));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var patch = new StringContent("""{"status":{"refreshTime":null,"syncedResourceVersion":null}}""", Encoding.UTF8, "application/merge-patch+json");

        using var patched = await http.PatchAsync(EsPath + "/es/status", patch);

        var stored = server.TryGet(FakeResourceType.ExternalSecret, "team-a", "es")!;
        Assert.Equal("""{"target":{}}""", stored["spec"]!.ToJsonString());
        Assert.True(patched.IsSuccessStatusCode);
        Assert.Empty(server.UnknownFields);
    }

    [Fact]
    public async Task An_embedded_resource_needs_apiVersion_and_kind_and_keeps_only_object_meta_in_its_metadata()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.InstallCrd(JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"wraps.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"kind":"Wrap","plural":"wraps"},
              "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","properties":{"object":{"type":"object","x-kubernetes-embedded-resource":true,
                  "x-kubernetes-preserve-unknown-fields":true}}}}}}}]}}
            """)!.AsObject());
        const string path = "/apis/example.com/v1/namespaces/team-a/wraps";

        var (kept, _) = await PostAsync(server, path, Wrap("a", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","bogus":1},"data":{"x":"y"}}"""));
        var (refused, body) = await PostAsync(server, path, Wrap("b", """{"apiVersion":"v1","data":{}}"""));

        Assert.Equal(201, kept);
        var type = server.Types.Single(t => t.Kind == "Wrap");
        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":"y"}}""",
            server.TryGet(type, "team-a", "a")!["spec"]!["object"]!.ToJsonString());
        Assert.Contains("Wrap team-a/a: spec.object.metadata.bogus", server.UnknownFields);
        Assert.Equal(422, refused);
        Assert.Equal("Wrap.example.com \"b\" is invalid: spec.object.kind: Required value", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_example_manifest_is_accepted_by_the_chart_schemas_with_nothing_pruned()
    {
        await using var server = await ServerAsync();
        var directory = Path.Combine(SharedFixtures.RepositoryRoot, "examples", "agent");
        var written = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var doc in YamlValues.LoadAll(File.ReadAllText(file)))
            {
                var obj = Assert.IsType<JsonObject>(YamlValues.ToJson(doc));
                var (group, version) = obj["apiVersion"]!.GetValue<string>() is var v && v.Contains('/', StringComparison.Ordinal)
                    ? (v[..v.IndexOf('/', StringComparison.Ordinal)], v[(v.IndexOf('/', StringComparison.Ordinal) + 1)..]) : ("", v);
                var type = server.Types.Single(t => t.Group == group && t.Version == version && t.Kind == obj["kind"]!.GetValue<string>());
                var ns = type.Namespaced ? obj["metadata"]?["namespace"]?.GetValue<string>() ?? "default" : null;
                var path = $"/apis/{group}/{version}/" + (ns is null ? "" : $"namespaces/{ns}/") + type.Plural;
                var (status, body) = await PostAsync(server, path, obj.ToJsonString());
                Assert.True(status == 201, $"{Path.GetFileName(file)}: {status} {body["message"]}");
                written++;
            }
        }
        Assert.True(written >= 10, $"{written} example objects");
        Assert.Empty(server.UnknownFields);
    }

    private static async Task<FakeKubeApiServer> ServerAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        return server;
    }

    private static string Es(string name, string spec) =>
        $$"""{"apiVersion":"external-secrets.io/v1","kind":"ExternalSecret","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    private static string Store(string name, string refreshInterval) =>
        """{"apiVersion":"external-secrets.io/v1","kind":"SecretStore","metadata":{"name":""" + $"\"{name}\"" + """},"spec":{"refreshInterval":""" + refreshInterval + ""","provider":{"fake":{"data":[]}}}}""";

    private static string Wrap(string name, string inner) =>
        $$$"""{"apiVersion":"example.com/v1","kind":"Wrap","metadata":{"name":"{{{name}}}"},"spec":{"object":{{{inner}}}}}""";

    private static async Task<(int Status, JsonObject Body)> PostAsync(FakeKubeApiServer server, string path, string json)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
