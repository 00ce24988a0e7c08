using System.Net;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Cluster;
using SecretsKit.Deploy.UnitTest.Suites;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>
/// <c>kubernetesProvider</c>: the real Helm 4.1.4 renders with <c>--dry-run=server</c> against the read-only lookup
/// server, so <c>lookup</c> finds one object, lists objects and finds nothing for a missing one, and a chart that renders
/// an object the suite also lists still renders (helm puts the Secret first); helm 3.10.1, whose dry runs render
/// without the cluster, renders the same through a real <c>helm install</c> (<c>upgrade</c>) into the server's
/// throwaway <see cref="InstallState"/>.
/// </summary>
public sealed class KubernetesProviderTests : IDisposable
{
    private readonly UnitTestChart _chart = new();

    public void Dispose() => _chart.Dispose();

    private const string Template = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: lookups
        data:
          secret: {{ (lookup "v1" "Secret" .Release.Namespace "db") | toJson | quote }}
          missing: {{ (lookup "v1" "Secret" .Release.Namespace "nope") | toJson | quote }}
          namespaces: {{ (lookup "v1" "Namespace" "" "").items | len | quote }}
          crd: {{ (lookup "br.dev.local/v1" "BrPolicy" "apps" "nightly").spec.schedule | default "none" | quote }}
          unmapped: {{ (lookup "example.com/v1" "Widget" "apps" "w") | toJson | quote }}
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: {{ ((lookup "v1" "Secret" .Release.Namespace "db").data | default dict).password | default "new" | quote }}
        """;

    private const string Suite = """
        suite: lookups
        templates: [lookups.yaml]
        release:
          namespace: apps
        kubernetesProvider:
          scheme:
            "v1/Secret": {gvr: {version: v1, resource: secrets}, namespaced: true}
            "v1/Namespace": {gvr: {version: v1, resource: namespaces}, namespaced: false}
            "br.dev.local/v1/BrPolicy": {gvr: {group: br.dev.local, version: v1, resource: brpolicies}, namespaced: true}
          objects:
            - {apiVersion: v1, kind: Secret, metadata: {name: db, namespace: apps}, data: {password: b2xk}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: apps}}
            - {apiVersion: v1, kind: Namespace, metadata: {name: other}}
            - {apiVersion: br.dev.local/v1, kind: BrPolicy, metadata: {name: nightly, namespace: apps}, spec: {schedule: "0 1 * * *"}}
            - {apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: apps}}
        tests:
          - it: finds one object, a list, a custom resource; nothing for a missing or unmapped one
            documentIndex: 1
            asserts:
              - equal:
                  path: data.secret
                  value: '{"apiVersion":"v1","data":{"password":"b2xk"},"kind":"Secret","metadata":{"name":"db","namespace":"apps"}}'
              - equal:
                  path: data.missing
                  value: "{}"
              - equal:
                  path: data.namespaces
                  value: "2"
              - equal:
                  path: data.crd
                  value: "0 1 * * *"
              - equal:
                  path: data.unmapped
                  value: "{}"
          - it: renders an object the suite lists as existing, reusing its value
            documentIndex: 0
            asserts:
              - equal:
                  path: stringData.password
                  value: b2xk
          - it: a test's objects come before the suite's
            kubernetesProvider:
              objects:
                - {apiVersion: v1, kind: Namespace, metadata: {name: third}}
            documentIndex: 1
            asserts:
              - equal:
                  path: data.namespaces
                  value: "3"
        """;

    [Fact]
    public async Task Lookup_sees_the_suites_objects_on_helm_4()
    {
        _chart.Write("templates/lookups.yaml", Template);
        _chart.Write("tests/lookup_test.yaml", Suite);
        using var helm = new RealHelm(version: RealHelm.Helm4Version);
        var (result, text) = await _chart.RunAsync(helm: helm.HelmPath);
        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       3 passed, 3 total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_sees_the_suites_objects_on_helm_3_10_through_a_real_install_into_a_throwaway_state()
    {
        _chart.Write("templates/lookups.yaml", Template);
        _chart.Write("tests/lookup_test.yaml", Suite);
        var (result, text) = await _chart.RunAsync();
        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       3 passed, 3 total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_helm_3_10_a_lookup_test_renders_with_the_kubernetes_version_helm_template_defaults_to()
    {
        _chart.Write("templates/lookups.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: version
            data:
              kube: {{ .Capabilities.KubeVersion.Version | quote }}
            """);
        _chart.Write("tests/lookup_test.yaml", """
            suite: kube version
            templates: [lookups.yaml]
            tests:
              - it: without objects (helm template)
                asserts:
                  - equal: {path: data.kube, value: v1.25.0}
              - it: with objects (helm install against the lookup server)
                kubernetesProvider:
                  scheme: {"v1/Secret": {gvr: {version: v1, resource: secrets}, namespaced: true}}
                  objects: [{apiVersion: v1, kind: Secret, metadata: {name: db, namespace: default}}]
                asserts:
                  - equal: {path: data.kube, value: v1.25.0}
            """);
        var (result, text) = await _chart.RunAsync();
        Assert.True(result.Passed, text);
        Assert.Contains("Tests:       2 passed, 2 total", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task An_upgrade_test_with_lookups_renders_as_an_upgrade_and_a_wrong_expectation_fails(string? version)
    {
        _chart.Write("templates/lookups.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: upgrade
            data:
              upgrade: {{ .Release.IsUpgrade | quote }}
              install: {{ .Release.IsInstall | quote }}
              secret: {{ (lookup "v1" "Secret" .Release.Namespace "db").data.password | quote }}
            """);
        _chart.Write("tests/lookup_test.yaml", """
            suite: upgrade lookups
            templates: [lookups.yaml]
            release: {namespace: apps, upgrade: true}
            kubernetesProvider:
              scheme: {"v1/Secret": {gvr: {version: v1, resource: secrets}, namespaced: true}}
              objects: [{apiVersion: v1, kind: Secret, metadata: {name: db, namespace: apps}, data: {password: b2xk}}]
            tests:
              - it: is an upgrade that sees the object
                asserts:
                  - equal: {path: data.upgrade, value: "true"}
                  - equal: {path: data.install, value: "false"}
                  - equal: {path: data.secret, value: b2xk}
              - it: expects another value
                asserts:
                  - equal: {path: data.secret, value: other}
            """);
        using var helm = version is null ? null : new RealHelm(version: version);
        var (result, text) = await _chart.RunAsync(helm: helm?.HelmPath ?? "");
        var tests = result.Charts[0].Suites[0].Tests;
        Assert.True(tests[0].Passed, text);
        Assert.False(tests[1].Passed || tests[1].Skipped, text);
        Assert.Contains("Tests:       1 failed, 1 passed, 2 total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lookup_server_answers_only_reads_of_bounded_paths()
    {
        var provider = new KubernetesProviderSettings(new Dictionary<string, FakeKind> { ["v1/Secret"] = new("", "v1", "secrets", true) },
            [new Dictionary<string, object?> { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new Dictionary<string, object?> { ["name"] = "a", ["namespace"] = "n" } }]);
        using var directory = PrivateTempDirectory.Create("lookup-server-");
        using var server = LookupServer.Start(new ClusterCatalog(provider, [], [], "v1.30.0"), directory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.Kubeconfig));
        var url = File.ReadAllLines(server.Kubeconfig).Single(l => l.Contains("server:", StringComparison.Ordinal)).Split("server: ")[1];
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/namespaces/n/secrets/a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/namespaces/n/secrets/b")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/v1/namespaces/n/secrets", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, (await http.GetAsync("/api/v1/" + new string('a', LookupServer.MaxPathLength))).StatusCode);
        Assert.Contains("\"gitVersion\":\"v1.30.0\"", await http.GetStringAsync("/version"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_install_state_takes_helms_writes_apart_from_the_suites_objects_and_bounded()
    {
        var provider = new KubernetesProviderSettings(new Dictionary<string, FakeKind> { ["v1/Secret"] = new("", "v1", "secrets", true) },
            [new Dictionary<string, object?> { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new Dictionary<string, object?> { ["name"] = "a", ["namespace"] = "n" } }]);
        using var directory = PrivateTempDirectory.Create("lookup-server-");
        using var server = LookupServer.Start(new ClusterCatalog(provider, [], [], "v1.30.0"), directory, new InstallState("rel", "n", "chart", upgrade: false));
        var url = File.ReadAllLines(server.Kubeconfig).Single(l => l.Contains("server:", StringComparison.Ordinal)).Split("server: ")[1];
        using var lookup = new HttpClient { BaseAddress = new Uri(url) };
        lookup.DefaultRequestHeaders.UserAgent.ParseAdd("helm/v3.10.1");
        using var kube = new HttpClient { BaseAddress = new Uri(url) };
        kube.DefaultRequestHeaders.UserAgent.ParseAdd("Go-http-client/1.1");
        const string Storage = """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"sh.helm.release.v1.rel.v1","labels":{"owner":"helm"}}}""";

        Assert.Equal(HttpStatusCode.NotFound, (await kube.GetAsync("/api/v1/namespaces/n/secrets/a")).StatusCode); // the install sees no object yet
        Assert.Equal(HttpStatusCode.Created, (await kube.PostAsync("/api/v1/namespaces/n/secrets", new StringContent(Storage))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await kube.PostAsync("/api/v1/namespaces/n/secrets?fieldManager=helm",
            new StringContent("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"},"data":{"x":"eQ=="}}"""))).StatusCode);
        var list = await lookup.GetStringAsync("/api/v1/namespaces/n/secrets?labelSelector=name%3Drel%2Cowner%3Dhelm");
        Assert.Contains("sh.helm.release.v1.rel.v1", list, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", list, StringComparison.Ordinal); // the storage list holds helm's release Secrets only
        Assert.Contains("eQ==", await kube.GetStringAsync("/api/v1/namespaces/n/secrets/a"), StringComparison.Ordinal);
        Assert.DoesNotContain("eQ==", await lookup.GetStringAsync("/api/v1/namespaces/n/secrets/a"), StringComparison.Ordinal); // lookups: the suite's object
        Assert.Equal(HttpStatusCode.OK, (await kube.PutAsync("/api/v1/namespaces/n/secrets/sh.helm.release.v1.rel.v1", new StringContent(Storage))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await kube.PutAsync("/api/v1/namespaces/n/secrets/b", new StringContent(Storage))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await kube.PostAsync("/api/v1/namespaces/n/secrets", new StringContent("{\"metadata\":{}}"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await kube.PostAsync("/api/v1/namespaces/n/configmaps",
            new StringContent(new string('a', LookupServer.MaxWriteBytes + 1)))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await kube.DeleteAsync("/api/v1/namespaces/n/secrets/a")).StatusCode);
    }

    [Fact]
    public async Task The_lookup_server_answers_one_request_per_connection_so_a_client_never_sends_on_a_connection_it_closes()
    {
        // HttpListener may close an idle kept-alive connection just as the client sends on it; a client that does not
        // retry (a POST) then sees "the response ended prematurely" (about once in 300 rounds before)
        var provider = new KubernetesProviderSettings(new Dictionary<string, FakeKind> { ["v1/Secret"] = new("", "v1", "secrets", true) }, []);
        using var directory = PrivateTempDirectory.Create("lookup-server-");
        using var server = LookupServer.Start(new ClusterCatalog(provider, [], [], "v1.30.0"), directory);
        var url = File.ReadAllLines(server.Kubeconfig).Single(l => l.Contains("server:", StringComparison.Ordinal)).Split("server: ")[1];
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        for (var i = 0; i < 300; i++)
        {
            using var get = await http.GetAsync("/api/v1/namespaces/n/secrets/b");
            using var post = await http.PostAsync("/api/v1/namespaces/n/secrets", new StringContent("{}"));
            Assert.Equal((HttpStatusCode.NotFound, true), (get.StatusCode, get.Headers.ConnectionClose == true));
            Assert.Equal((HttpStatusCode.MethodNotAllowed, true), (post.StatusCode, post.Headers.ConnectionClose == true));
        }
    }
}
