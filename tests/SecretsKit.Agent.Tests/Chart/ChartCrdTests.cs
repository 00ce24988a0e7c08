using System.Text.Json.Nodes;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>The opt-in CRDs: names, scope, status subresource, printer columns and structural schemas.</summary>
public sealed class ChartCrdTests
{
    [Fact]
    public void Crds_are_not_installed_by_default()
    {
        Assert.Empty(AgentChart.Render().OfKind("CustomResourceDefinition"));
    }

    [Theory]
    [InlineData("externalsecrets.external-secrets.io", "ExternalSecret", "Namespaced", "v1")]
    [InlineData("secretstores.external-secrets.io", "SecretStore", "Namespaced", "v1")]
    [InlineData("clustersecretstores.external-secrets.io", "ClusterSecretStore", "Cluster", "v1")]
    [InlineData("sopssecrets.secretskit.io", "SopsSecret", "Namespaced", "v1alpha1")]
    [InlineData("pushsecrets.external-secrets.io", "PushSecret", "Namespaced", "v1alpha1")]
    public void Crd_is_served_with_status_subresource_printer_columns_and_a_structural_schema(string name, string kind, string scope, string version)
    {
        var chart = AgentChart.Render(("crds.install", true));
        var crd = Assert.Single(chart.OfKind("CustomResourceDefinition"), c => c["metadata"]!["name"]!.GetValue<string>() == name);
        Assert.Equal("apiextensions.k8s.io/v1", crd["apiVersion"]!.GetValue<string>());
        var spec = crd["spec"]!;
        Assert.Equal(kind, spec["names"]!["kind"]!.GetValue<string>());
        Assert.Equal(name, $"{spec["names"]!["plural"]!.GetValue<string>()}.{spec["group"]!.GetValue<string>()}");
        Assert.Equal(scope, spec["scope"]!.GetValue<string>());
        Assert.Equal("keep", crd["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>());
        var versions = spec["versions"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(version, Assert.Single(versions, v => v["storage"]!.GetValue<bool>())["name"]!.GetValue<string>());
        foreach (var v in versions)
        {
            Assert.True(v["served"]!.GetValue<bool>());
            Assert.NotNull(v["subresources"]!["status"]);
            var columns = v["additionalPrinterColumns"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.Contains(columns, c => c["jsonPath"]!.GetValue<string>() == ".status.conditions[?(@.type==\"Ready\")].status");
            Assert.All(columns, c => Assert.Contains(c["type"]!.GetValue<string>(), new[] { "string", "date", "integer", "boolean" }));
            var schema = v["schema"]!["openAPIV3Schema"]!.AsObject();
            AssertStructural(schema, "openAPIV3Schema");
            Assert.Equal("object", schema["properties"]!["status"]!["type"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("ExternalSecret", "target.name")]
    [InlineData("ExternalSecret", "secretStoreRef.name")]
    [InlineData("ClusterExternalSecret", "externalSecretSpec.target.name")]
    [InlineData("PushSecret", "selector.secret.name")]
    public void Object_names_carry_esos_dns_subdomain_pattern(string kind, string path)
    {
        var crd = AgentChart.Render(("crds.install", true)).OfKind("CustomResourceDefinition")
            .Single(c => c["spec"]!["names"]!["kind"]!.GetValue<string>() == kind);
        var storage = crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Single(v => v["storage"]!.GetValue<bool>());
        var field = storage["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;
        foreach (var part in path.Split('.')) field = field["properties"]![part]!;
        var pattern = new System.Text.RegularExpressions.Regex(field["pattern"]!.GetValue<string>(), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.Equal(253, field["maxLength"]!.GetValue<long>());
        Assert.Matches(pattern, "db-creds.v2");
        foreach (var bad in new[] { ".", "..", "a/b", "Upper", "-x" }) Assert.DoesNotMatch(pattern, bad);
    }

    [Theory]
    [InlineData("ExternalSecret")]
    [InlineData("SecretStore")]
    [InlineData("ClusterSecretStore")]
    public void Eso_kinds_serve_v1beta1_beside_v1_with_the_same_schema_and_no_conversion(string kind)
    {
        var crd = AgentChart.Render(("crds.install", true)).OfKind("CustomResourceDefinition")
            .Single(c => c["spec"]!["names"]!["kind"]!.GetValue<string>() == kind);
        var versions = crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().ToDictionary(v => v["name"]!.GetValue<string>());
        Assert.Equal(["v1", "v1beta1"], versions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("None", crd["spec"]!["conversion"]!["strategy"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(versions["v1"]["schema"], versions["v1beta1"]["schema"]));
        Assert.False(versions["v1beta1"]["storage"]!.GetValue<bool>());
        Assert.True(versions["v1beta1"]["deprecated"]!.GetValue<bool>());
    }

    [Fact]
    public void Crds_without_the_keep_policy_have_no_annotation()
    {
        var chart = AgentChart.Render(("crds.install", true), ("crds.keep", false));
        Assert.All(chart.OfKind("CustomResourceDefinition"), c => Assert.Null(c["metadata"]!["annotations"]));
    }

    [Fact]
    public void Sops_secret_schema_has_the_agreed_spec_fields()
    {
        var crd = AgentChart.Render(("crds.install", true)).OfKind("CustomResourceDefinition")
            .Single(c => c["spec"]!["names"]!["kind"]!.GetValue<string>() == "SopsSecret");
        var spec = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject();
        Assert.Equal(["decryption", "refreshInterval", "sops", "target"], spec.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("string", spec["sops"]!["type"]!.GetValue<string>());
        Assert.Equal(["key", "name"], spec["decryption"]!["properties"]!["keySecretRef"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["annotations", "creationPolicy", "labels", "name", "type"], spec["target"]!["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_cluster_store_schema_has_namespace_conditions()
    {
        var crds = AgentChart.Render(("crds.install", true)).OfKind("CustomResourceDefinition")
            .Where(c => c["spec"]!["group"]!.GetValue<string>() == "external-secrets.io")
            .ToDictionary(c => c["spec"]!["names"]!["kind"]!.GetValue<string>(), c => c["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!.AsObject());
        Assert.NotNull(crds["ClusterSecretStore"]["conditions"]);
        Assert.Null(crds["SecretStore"]["conditions"]);
        Assert.True(crds["SecretStore"]["provider"]!["x-kubernetes-preserve-unknown-fields"]!.GetValue<bool>());
    }

    /// <summary>
    /// The apiextensions structural-schema rules that matter here: every node has a type (unless it is int-or-string
    /// or preserves unknown fields), arrays have items, properties only on objects, and no properties together with
    /// additionalProperties.
    /// </summary>
    private static void AssertStructural(JsonObject node, string path)
    {
        var type = node["type"]?.GetValue<string>();
        var open = node["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var intOrString = node["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        Assert.True(type is not null || open || intOrString, $"{path}: no type");
        if (type is not null) Assert.Contains(type, new[] { "object", "array", "string", "integer", "number", "boolean" });
        if (node["properties"] is JsonObject props)
        {
            Assert.True(type == "object", $"{path}: properties on a non-object");
            Assert.True(node["additionalProperties"] is null, $"{path}: properties and additionalProperties together");
            foreach (var (name, child) in props) AssertStructural(child!.AsObject(), $"{path}.{name}");
        }
        if (node["additionalProperties"] is JsonObject additional) AssertStructural(additional, path + "[*]");
        if (type == "array")
        {
            var items = Assert.IsType<JsonObject>(node["items"]);
            AssertStructural(items, path + "[]");
        }
        if (node["required"] is JsonArray required)
        {
            foreach (var r in required) Assert.True(node["properties"]?[r!.GetValue<string>()] is not null, $"{path}: required field {r} is not declared");
        }
    }
}
