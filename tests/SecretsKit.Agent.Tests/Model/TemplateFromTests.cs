using SecretsKit.Agent.Tests.Controllers.ExternalSecrets;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>
/// <c>target.template.templateFrom</c> with the examples of ESO's docs/guides/templating.md, through the Kubernetes API
/// fake serving the chart's CRDs: ConfigMap and Secret sources, <c>Values</c> / <c>KeysAndValues</c>, the three targets,
/// <c>literal</c> and <c>valuesDecodingStrategy</c>.
/// </summary>
public sealed class TemplateFromTests
{
    private const string GrafanaConfig = """
        datasources:
          - name: Graphite
            type: graphite
            access: proxy
            url: "{{ .uri }}"
            password: "{{ .password }}"
            user: "{{ .user }}"

        """;

    private const string Templated = """
        # key and value templated
        my-application-{{ .user}}: {{ .password | b64enc }}
        # conditional keys
        {{- if hasPrefix "oci://" .uri }}
        enableOCI: true
        {{- else }}
        enableOCI: false
        {{- end }}
        # Fixed values
        application-type: grafana

        """;

    private static async Task<AgentCluster> ClusterAsync(params (string Key, string Value)[] provider)
    {
        var c = await StartAsync();
        c.Store("default", "backend", FakeProvider(provider));
        return c;
    }

    private static void ConfigMap(AgentCluster c, string name, params (string Key, string Value)[] data) =>
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        });

    private static JsonObject EsSpec(string template, string data = """[{"secretKey":"user","remoteRef":{"key":"/grafana/user"}},{"secretKey":"password","remoteRef":{"key":"/grafana/password"}},{"secretKey":"uri","remoteRef":{"key":"/grafana/uri"}}]""") =>
        JsonNode.Parse("""{"secretStoreRef":{"name":"backend"},"target":{"name":"secret-to-be-created","template":""" + template + """},"data":""" + data + "}")!.AsObject();

    private static SortedDictionary<string, string> Data(JsonObject secret) =>
        new((secret["data"] as JsonObject ?? []).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(Convert.FromBase64String(kv.Value!.GetValue<string>()))),
            StringComparer.Ordinal);

    [Fact]
    public async Task Config_map_templates_render_values_keys_and_annotations_as_the_docs_example_shows()
    {
        await using var c = await ClusterAsync(("/grafana/user", "admin"), ("/grafana/password", "s3cr3t"), ("/grafana/uri", "oci://registry"));
        ConfigMap(c, "grafana-config-tpl", ("config.yaml", GrafanaConfig), ("templated", Templated),
            ("annotations", "#dynamic timestamp generation\nlast-synced-for-user/{{ .user }}: {{ now | date \"2006\" }}\n"));
        c.ExternalSecret("default", "my-template-example", EsSpec("""
            {"engineVersion":"v2","templateFrom":[
              {"target":"Data","configMap":{"name":"grafana-config-tpl","items":[{"key":"config.yaml","templateAs":"Values"},{"key":"templated","templateAs":"KeysAndValues"}]}},
              {"target":"Annotations","configMap":{"name":"grafana-config-tpl","items":[{"key":"annotations","templateAs":"KeysAndValues"}]}}]}
            """));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "my-template-example") == "True", c.ReadyMessage("default", "my-template-example"));
        var secret = c.TargetSecret("default", "secret-to-be-created")!;
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            // the provider's keys are not kept: there is a templateFrom and mergePolicy is Replace
            ["config.yaml"] = GrafanaConfig.Replace("{{ .uri }}", "oci://registry", StringComparison.Ordinal).Replace("{{ .password }}", "s3cr3t", StringComparison.Ordinal)
                .Replace("{{ .user }}", "admin", StringComparison.Ordinal),
            ["my-application-admin"] = Convert.ToBase64String("s3cr3t"u8.ToArray()),
            ["enableOCI"] = "true",
            ["application-type"] = "grafana",
        };
        Assert.Equal(expected, Data(secret));
        Assert.Equal(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            secret["metadata"]!["annotations"]!["last-synced-for-user/admin"]!.GetValue<string>());
    }

    [Fact]
    public async Task Literal_with_base64_values_decoding_writes_the_decoded_certificate_as_the_docs_show()
    {
        var certB64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";
        await using var c = await ClusterAsync(("productA/nginx/tls", "{\"cert\": \"" + certB64 + "\", \"description\": \"certificate encoded as base64\"}"),
            ("productB/other", """{"cert": "eA=="}"""));
        const string Literal = "{{- range $key, $val := . }}\n{{- $json := $val | fromJson }}\n{{ $key }}: {{ $json.cert }}\n{{- end }}";
        foreach (var (name, decoding) in new[] { ("plain", ""), ("decoded", "\"valuesDecodingStrategy\":\"Base64\",") })
        {
            c.ExternalSecret("default", name, JsonNode.Parse("""
                {"secretStoreRef":{"name":"backend"},
                 "dataFrom":[{"find":{"name":{"regexp":"^productA/nginx/.*"}},"rewrite":[{"regexp":{"source":"^productA/nginx/(.*)","target":"$1"}}]}],
                 "target":{"template":{"engineVersion":"v2","templateFrom":[{ DECODING "literal":LITERAL }]}}}
                """.Replace("DECODING", decoding, StringComparison.Ordinal).Replace("LITERAL", JsonValue.Create(Literal).ToJsonString(), StringComparison.Ordinal))!.AsObject());
        }

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "decoded") == "True", c.ReadyMessage("default", "decoded"));
        Assert.Equal(certB64, c.Value("default", "plain", "tls"));
        Assert.Equal("-----BEGIN CERTIFICATE-----\n", c.Value("default", "decoded", "tls"));
        Assert.Equal(["tls"], (c.TargetSecret("default", "decoded")!["data"] as JsonObject)!.Select(kv => kv.Key));
    }

    [Fact]
    public async Task Secret_source_renders_into_labels_and_template_data_wins_over_template_from_for_the_same_key()
    {
        await using var c = await ClusterAsync(("/grafana/user", "admin"), ("/grafana/password", "pw"), ("/grafana/uri", "https://g"));
        c.Secret("default", "tpl-secret", new Dictionary<string, string> { ["team"] = "team-{{ .user }}", ["both"] = "from-secret" });
        ConfigMap(c, "tpl", ("both", "from-configmap-{{ .user }}"));
        c.ExternalSecret("default", "es", EsSpec("""
            {"mergePolicy":"Merge","data":{"both":"from-data"},"metadata":{"labels":{"fixed":"{{ .user }}"}},"templateFrom":[
              {"target":"labels","secret":{"name":"tpl-secret","items":[{"key":"team"}]}},
              {"configMap":{"name":"tpl","items":[{"key":"both"}]}},
              {"target":"Annotations","literal":"note: \"{{ .uri }}\""}]}
            """));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "es") == "True", c.ReadyMessage("default", "es"));
        var secret = c.TargetSecret("default", "secret-to-be-created")!;
        Assert.Equal("team-admin", secret["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("admin", secret["metadata"]!["labels"]!["fixed"]!.GetValue<string>());
        Assert.Equal("https://g", secret["metadata"]!["annotations"]!["note"]!.GetValue<string>());
        // mergePolicy Merge keeps the provider's keys; template.data is applied after templateFrom
        Assert.Equal(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["both"] = "from-data", ["password"] = "pw", ["uri"] = "https://g", ["user"] = "admin" },
            Data(secret));
    }

    [Theory]
    [InlineData("""{"configMap":{"name":"absent","items":[{"key":"a"}]}}""", "error fetching templateFrom data: configmaps \"absent\" not found")]
    [InlineData("""{"secret":{"name":"absent","items":[{"key":"a"}]}}""", "error fetching templateFrom data: secrets \"absent\" not found")]
    [InlineData("""{"configMap":{"name":"tpl","items":[{"key":"nope"}]}}""", "error fetching templateFrom data: error in configmap tpl: missing key nope")]
    [InlineData("""{"target":"type","literal":"x: y"}""", "templateFrom target=\"type\" is not allowed when targeting a Secret, must be one of \"Data\", \"Annotations\" or \"Labels\"")]
    [InlineData("""{"literal":"- a\n- b"}""", "could not unmarshal template to 'map[string][]byte'")]
    [InlineData("""{"literal":"a: &x [1, 2]\nb: *x"}""", "could not unmarshal template to 'map[string][]byte': a key or value is no scalar")]
    public async Task A_missing_source_or_key_a_refused_target_or_a_result_that_is_no_map_fails_the_sync_and_writes_nothing(string templateFrom, string message)
    {
        await using var c = await ClusterAsync(("/grafana/user", "admin"), ("/grafana/password", "pw"), ("/grafana/uri", "https://g"));
        ConfigMap(c, "tpl", ("a", "{{ .user }}"));
        c.ExternalSecret("default", "es", EsSpec("{\"templateFrom\":[" + templateFrom + "]}"));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Contains(message, c.ReadyMessage("default", "es"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "secret-to-be-created"));
    }
}
