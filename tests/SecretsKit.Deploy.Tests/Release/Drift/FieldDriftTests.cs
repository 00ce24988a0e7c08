using System.Text.Json.Nodes;
using SecretsKit.Deploy.Release.Drift;

namespace SecretsKit.Deploy.Tests.Release.Drift;

/// <summary>What drift compares: only fields the manifest sets, named lists by name, scalars by value, Secrets by hash, ignores by pointer.</summary>
public sealed class FieldDriftTests
{
    private static List<DriftChange> Compare(string manifest, string live, params string[] ignores)
    {
        var parsed = ignores.Select(DriftIgnore.Parse).ToList();
        var drift = new FieldDrift(p => parsed.Any(i => i.Covers("Deployment", "web", p)));
        drift.CompareObject(JsonNode.Parse(manifest)!.AsObject(), JsonNode.Parse(live)!.AsObject(), new HashSet<string>(StringComparer.Ordinal) { "apiVersion", "kind", "status" });
        return drift.Changes;
    }

    [Fact]
    public void Server_defaults_status_and_fields_of_other_managers_are_no_drift_and_numbers_compare_by_value()
    {
        var changes = Compare(
            """{"kind":"Deployment","spec":{"replicas":2,"template":{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}""",
            """{"kind":"Deployment","metadata":{"uid":"1","managedFields":[]},"spec":{"replicas":2.0,"progressDeadlineSeconds":600,"template":{"metadata":{},"spec":{"dnsPolicy":"ClusterFirst","containers":[{"name":"sidecar","image":"envoy"},{"name":"web","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}},"status":{"replicas":2}}""");
        Assert.Empty(changes);
    }

    [Fact]
    public void A_changed_scalar_a_named_list_item_and_a_missing_field_are_named_with_both_values()
    {
        var changes = Compare(
            """{"metadata":{"labels":{"app.kubernetes.io/name":"web","tier":"api"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27","args":["--a","--b"]}]}}}}""",
            """{"metadata":{"labels":{"app.kubernetes.io/name":"web"}},"spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.28","args":["--a"]}]}}}}""");
        Assert.Equal(
            [
                "metadata.labels.tier missing live",
                "spec.replicas: 2 in the manifest, 5 live",
                "spec.template.spec.containers[name=web].image: \"nginx:1.27\" in the manifest, \"nginx:1.28\" live",
                "spec.template.spec.containers[name=web].args: [\"--a\",\"--b\"] in the manifest, [\"--a\"] live",
            ], changes.Select(c => c.ToString()));
        Assert.Equal(["/metadata/labels/tier", "/spec/replicas", "/spec/template/spec/containers/0/image", "/spec/template/spec/containers/0/args"], changes.Select(c => c.JsonPointer));
    }

    [Fact]
    public void An_ignored_pointer_leaves_out_the_field_and_all_below_it_for_its_kind_and_name_only()
    {
        const string manifest = """{"metadata":{"annotations":{"a/b":"1"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"web","image":"x"}]}}}}""";
        const string live = """{"metadata":{"annotations":{"a/b":"2"}},"spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"web","image":"y"}]}}}}""";
        Assert.Equal(["spec.template.spec.containers[name=web].image"], Compare(manifest, live, "Deployment:/spec/replicas", "*:/metadata/annotations/a~1b").Select(c => c.Path));
        Assert.Empty(Compare(manifest, live, "deployment/web:/spec", "Deployment:/metadata"));
        Assert.Equal(3, Compare(manifest, live, "Deployment/other:/spec", "Service:/metadata").Count);
        Assert.Throws<Core.Errors.SecretsKitException>(() => DriftIgnore.Parse("Deployment:spec.replicas"));
        Assert.Throws<Core.Errors.SecretsKitException>(() => DriftIgnore.Parse("/spec/replicas"));
    }

    [Fact]
    public void A_secret_is_compared_by_hash_naming_keys_only_stringData_against_the_decoded_data()
    {
        var manifest = JsonNode.Parse("""{"data":{"API_TOKEN":"czNjcmV0LTE=","DB":"ZGItcGFzcw=="},"stringData":{"EXTRA":"plain-extra"}}""")!.AsObject();
        var live = JsonNode.Parse("""{"data":{"API_TOKEN":"b3RoZXItdmFsdWU=","DB":"ZGItcGFzcw==","EXTRA":"cGxhaW4tZXh0cmE=","ADDED":"eA=="}}""")!.AsObject();
        var changes = SecretDrift.Compare(manifest, live, _ => false).ToList();
        Assert.Equal(["data.API_TOKEN changed"], changes.Select(c => c.ToString()));
        Assert.Null(changes[0].Manifest);
        Assert.Null(changes[0].Live);
        live.Remove("data");
        Assert.Equal(["data.API_TOKEN missing live", "data.DB missing live", "stringData.EXTRA missing live"], SecretDrift.Compare(manifest, live, _ => false).Select(c => c.ToString()));
    }
}
