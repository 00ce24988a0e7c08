using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// <c>secretskit-agent render</c> (the real process, no cluster) with ESO v2.9's templateFrom and rewrite fields: the
/// ConfigMaps and Secrets a templateFrom names are read from the same input files, as the API server would serve them.
/// </summary>
public sealed class AgentRenderEsoFieldsTests
{
    private const string Manifests = """
        apiVersion: external-secrets.io/v1
        kind: SecretStore
        metadata: {name: backend, namespace: demo}
        spec:
          provider:
            fake:
              data:
                - {key: "path/to/secrets/object-storage-credentials", value: '{"ACCESS_KEY": "XXXX", "SECRET_KEY": "YYYY"}'}
                - {key: "path/to/secrets/mongo-credentials", value: '{"USERNAME": "mongo", "PASSWORD": "ZZZZ"}'}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tpl, namespace: demo}
        data:
          uri: "mongodb://{{ .USERNAME }}:{{ .PASSWORD }}@mongo:27017"
          keys: |
            {{ .USERNAME }}-access: {{ .ACCESS_KEY }}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: tpl-secret, namespace: demo}
        stringData:
          team: "team-{{ .USERNAME }}"
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: app, namespace: demo}
        spec:
          secretStoreRef: {name: backend}
          dataFrom:
            - find: {path: path/to/secrets, name: {regexp: ".*-credentials"}}
              rewrite: [{merge: {}}, {transform: {template: "MERGED_{{ .value }}"}}, {regexp: {source: "^MERGED_", target: ""}}]
          target:
            template:
              templateFrom:
                - configMap: {name: tpl, items: [{key: uri}, {key: keys, templateAs: KeysAndValues}]}
                - target: Labels
                  secret: {name: tpl-secret, items: [{key: team}]}
        """;

    [Fact]
    public async Task Render_reads_the_template_config_map_and_secret_from_its_input_files_and_applies_the_merge_rewrite()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "app.yaml");
        File.WriteAllText(file, Manifests);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file, "--reveal");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        Assert.Contains("    team: \"team-mongo\"\n", r.StdoutText, StringComparison.Ordinal);
        var data = r.StdoutText[(r.StdoutText.IndexOf("\ndata:\n", StringComparison.Ordinal) + 1)..];
        Assert.Equal($"""
            data:
              mongo-access: "{B64("XXXX")}"
              uri: "{B64("mongodb://mongo:ZZZZ@mongo:27017")}"

            """, data);
    }

    [Fact]
    public async Task Render_reports_a_template_config_map_missing_from_its_input_files_and_exits_1()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "app.yaml");
        File.WriteAllText(file, Manifests.Replace("name: tpl, items", "name: absent, items", StringComparison.Ordinal));

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("# ExternalSecret demo/app: not synced: SecretSyncedError: error fetching templateFrom data: configmaps \"absent\" not found",
            r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_prints_the_config_map_a_manifest_target_writes_and_a_sync_window_does_not_hold_the_first_sync()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "app.yaml");
        File.WriteAllText(file, """
            apiVersion: external-secrets.io/v1
            kind: SecretStore
            metadata: {name: backend, namespace: demo}
            spec:
              provider:
                fake:
                  data: [{key: db-host, value: db.internal}]
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: app, namespace: demo}
            spec:
              secretStoreRef: {name: backend}
              syncWindows: {kind: allow, windows: [{schedule: "0 3 31 2 *", duration: 1h}]}
              data: [{secretKey: host, remoteRef: {key: db-host}}]
              target:
                name: app-config
                manifest: {apiVersion: v1, kind: ConfigMap}
                template:
                  metadata: {labels: {app: web}}
                  data: {url: "postgres://{{ .host }}/app"}
            """);

        var revealed = await AgentRenderTests.RenderAsync(home.Path, "-f", file, "--reveal");
        var redacted = await AgentRenderTests.RenderAsync(home.Path, "-f", file);

        Assert.True(revealed.ExitCode == 0, revealed.Stderr + revealed.StdoutText);
        Assert.Contains("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"app-config\"\n  namespace: \"demo\"\n", revealed.StdoutText, StringComparison.Ordinal);
        Assert.Contains("    app: \"web\"\n", revealed.StdoutText, StringComparison.Ordinal);
        Assert.EndsWith("data:\n  url: \"postgres://db.internal/app\"\n", revealed.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: Secret", revealed.StdoutText, StringComparison.Ordinal);
        Assert.EndsWith("data:\n  url: \"<redacted, 26 bytes>\"\n", redacted.StdoutText, StringComparison.Ordinal);
    }

    private static string B64(string s) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s));
}
