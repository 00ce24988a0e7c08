using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.UnitTest;

/// <summary>A small chart in a temp directory: a Deployment (replicas, image, limits), a Secret from values, a required value; suites written by each test.</summary>
internal sealed class UnitTestChart : IDisposable
{
    public UnitTestChart()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("unittest-chart-").FullName;
        Chart = Path.Combine(Directory, "app");
        Write("Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\nappVersion: \"1.0.0\"\n");
        Write("values.yaml", "replicas: 2\nimage:\n  repository: nginx\n  tag: \"1.27\"\nresources:\n  limits:\n    cpu: 500m\n    memory: 256Mi\ndb:\n  password: \"\"\n");
        Write("templates/_helpers.tpl", "{{- define \"app.name\" -}}{{ .Release.Name }}-{{ .Chart.Name }}{{- end -}}\n");
        Write("templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ include "app.name" . }}
              labels:
                chart: {{ .Chart.Name }}-{{ .Chart.Version }}
            spec:
              replicas: {{ .Values.replicas }}
              template:
                spec:
                  containers:
                    - name: app
                      image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                      resources:
                        {{- toYaml .Values.resources | nindent 12 }}
            """);
        Write("templates/secret.yaml", """
            {{- if .Values.db.password }}
            apiVersion: v1
            kind: Secret
            metadata:
              name: {{ include "app.name" . }}-db
            stringData:
              password: {{ .Values.db.password | quote }}
            {{- end }}
            """);
        Write("templates/required.yaml", """
            {{- if .Values.needsHost }}
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: host
            data:
              host: {{ required "host is required" .Values.host }}
            {{- end }}
            """);
        Write("templates/NOTES.txt", "Release {{ .Release.Name }} runs {{ .Values.replicas }} replicas.\n");
    }

    public string Directory { get; }

    public string Chart { get; }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Chart, relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the chart's suites (or those of <paramref name="charts"/>) from <see cref="Directory"/> with the real helm (<paramref name="helm"/>, else helm 3.10.1) and the text report.</summary>
    public async Task<(UnitTestResult Result, string Text)> RunAsync(UnitTestOptions? options = null, string helm = "", IReadOnlyList<string>? charts = null)
    {
        var runner = new UnitTestRunner(SystemProcessRunner.Instance, TestSops.Engine(Directory), DecryptOptions.Default,
            options ?? new UnitTestOptions(helm.Length > 0 ? helm : RealHelm.Path));
        var writer = new StringWriter();
        var report = new TextReport(writer, color: false);
        var result = await runner.RunAsync(charts ?? [Chart], Directory, CancellationToken.None);
        foreach (var chart in result.Charts)
        {
            report.Chart(chart);
            foreach (var suite in chart.Suites) report.Suite(suite);
        }
        report.Summary(result);
        return (result, writer.ToString());
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
