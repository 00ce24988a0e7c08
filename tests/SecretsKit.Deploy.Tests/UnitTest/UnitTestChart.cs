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
