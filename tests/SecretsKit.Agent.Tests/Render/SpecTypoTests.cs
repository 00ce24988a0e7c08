using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// Issue #64 item 4: typos in an ExternalSecret read as typos, every one at once, and <c>render</c> and <c>--once</c>
/// (the real processes; <c>--once</c> against the API fake with the chart's CRDs, which prune what they do not declare)
/// report the same findings for the same object.
/// </summary>
public sealed class SpecTypoTests
{
    private const string Store = """
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata: {name: fake, namespace: default}
        spec:
          provider:
            fake:
              data: [{key: db, value: '{"password":"pw","user":"app"}'}]
        """;

    /// <summary>Typos under <c>target.template</c> and <c>sourceRef</c>, which a cluster keeps (their schemas preserve unknown fields).</summary>
    private const string KeptTypos = """
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: app, namespace: default}
        spec:
          secretStoreRef: {name: fake, kind: SecretStore}
          target:
            template:
              mergePolicy: merge
              metdata: {labels: {team: a}}
          data: [{secretKey: password, remoteRef: {key: db, property: password}}]
          dataFrom:
            - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Passwrd, name: pw}}
        """;

    private static async Task<string> WriteAsync(string dir, string yaml)
    {
        var file = Path.Combine(dir, "manifests.yaml");
        await File.WriteAllTextAsync(file, yaml);
        return file;
    }

    [Fact]
    public async Task Render_names_every_typo_of_an_external_secret_with_the_field_it_meant()
    {
        using var home = new TempDir();
        var file = await WriteAsync(home.Path, Store + "\n---\n" + """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: app, namespace: default}
            spec:
              secretStoreRef: {nmae: fake}
              refreshInteval: 1h
              data: [{secretKey: password, remoteRef: {key: db, proprety: password}}]
            """);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal("# ExternalSecret default/app: not synced: InvalidSpec: spec.secretStoreRef: unknown field 'nmae' (did you mean 'name'?); "
            + "spec.secretStoreRef: name is required; spec: unknown field 'refreshInteval' (did you mean 'refreshInterval'?); "
            + "spec.data[0].remoteRef: unknown field 'proprety' (did you mean 'property'?)\n", r.StdoutText);
        Assert.DoesNotContain("not supported", r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_and_once_report_the_same_findings_for_the_same_external_secret()
    {
        using var home = new TempDir();
        var file = await WriteAsync(home.Path, Store + "\n---\n" + KeptTypos);
        var rendered = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        var documents = YamlValues.LoadAll(Store + "\n---\n" + KeptTypos).Select(d => (JsonObject)YamlValues.ToJson(d)!).ToList();
        server.Create(FakeResourceType.SecretStore, "default", documents[0]);
        server.Create(FakeResourceType.ExternalSecret, "default", documents[1]);
        var (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) }, "--once");

        Assert.True(code == 1, stdout + stderr);
        const string findings = "InvalidSpec: spec.target.template.mergePolicy must be Replace or Merge, not 'merge' (did you mean 'Merge'?); "
            + "spec.target.template: unknown field 'metdata' (did you mean 'metadata'?); "
            + "spec.dataFrom[0].sourceRef.generatorRef.kind must be one of ";
        var once = stdout.Split('\n').Single(l => l.StartsWith("default/app: NotReady ", StringComparison.Ordinal))["default/app: NotReady ".Length..];
        var render = rendered.StdoutText.TrimEnd('\n')["# ExternalSecret default/app: not synced: ".Length..];
        Assert.StartsWith(findings, once, StringComparison.Ordinal);
        Assert.EndsWith(", not 'Passwrd' (did you mean 'Password'?)", once, StringComparison.Ordinal);
        Assert.Equal(once, render);
        Assert.Null(server.TryGet(FakeResourceType.Secret, "default", "app"));
    }
}
