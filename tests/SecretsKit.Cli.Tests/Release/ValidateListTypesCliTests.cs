using System.Text.Json;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>helm template | secretskit validate</c> on a chart whose values repeat a container name, a Service port and an
/// environment variable: the real helm 3.10.1 renders it, and validate reports each repeat in the API server's words.
/// </summary>
public sealed class ValidateListTypesCliTests : IDisposable
{
    private const string PlantedValue = "s3cret-env-value-xyz";
    private readonly TempDir _dir = new("validate-lists-");
    private readonly RealHelm _helm = new();

    public ValidateListTypesCliTests()
    {
        _dir.Write("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");
        _dir.Write("web/values.yaml", $"sidecars: []\nextraPorts: []\nenv: [{{name: TOKEN, value: {PlantedValue}}}]\n");
        _dir.Write("web/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{ .Release.Name }}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: nginx
                      env: {{ toJson .Values.env }}
                    {{- range .Values.sidecars }}
                    - {name: {{ . }}, image: busybox}
                    {{- end }}
            """);
        _dir.Write("web/templates/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: {{ .Release.Name }}}
            spec:
              selector: {app: web}
              ports:
                - {name: http, port: 80}
                {{- range .Values.extraPorts }}
                - {name: {{ .name }}, port: {{ .port }}}
                {{- end }}
            """);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _dir.Dispose();
    }

    private async Task<ProcessRun.Result> RenderAndValidateAsync(params string[] sets)
    {
        var args = new List<string> { "template", "shop", _dir.File("web") };
        foreach (var set in sets) args.AddRange(["--set-json", set]);
        var rendered = await _helm.RunAsync(args);
        Assert.True(rendered.ExitCode == 0, rendered.Stderr);
        return await CliRunner.RunAsync(["validate", "-o", "json"], stdin: rendered.Stdout);
    }

    [Fact]
    public async Task The_chart_with_its_defaults_is_valid()
    {
        var r = await RenderAndValidateAsync();
        Assert.True(r.ExitCode == 0, r.StdoutText + r.Stderr);
    }

    [Fact]
    public async Task Repeated_container_name_service_port_and_env_var_are_findings_exit_1_without_the_env_value()
    {
        var r = await RenderAndValidateAsync("sidecars=[\"web\"]", "extraPorts=[{\"name\":\"web\",\"port\":80}]",
            $"env=[{{\"name\":\"TOKEN\",\"value\":\"{PlantedValue}\"}},{{\"name\":\"TOKEN\",\"value\":\"{PlantedValue}\"}}]");
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain(PlantedValue, r.StdoutText + r.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(r.StdoutText);
        var findings = json.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()} {e.GetProperty("path").GetString()}: {e.GetProperty("message").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal([
            "Deployment spec.template.spec.containers[0].env: duplicate entries for key [name=\"TOKEN\"] (server-side apply, Helm 4's default, refuses it; a plain create or update keeps both)",
            "Deployment spec.template.spec.containers[1].name: Duplicate value: \"web\"",
            "Service spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
        ], findings);
    }
}
