using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// A chart rendered by the real helm 3.10.1 (<c>template --include-crds</c>): a Deployment, a Service, a Secret, its own
/// Widget CRD (in <c>crds/</c>) and a Widget. Each <c>bugs.*</c> value switches one template to a typical mistake.
/// </summary>
public sealed class ValidationChart : IDisposable
{
    /// <summary>The value the non-base64 Secret carries; it must never appear in a report.</summary>
    public const string PlantedSecret = "hunter2-Plain-Text-Password!";

    private readonly TempDir _dir = new("validate-chart-");
    private readonly RealHelm _helm = new();

    public ValidationChart()
    {
        _dir.Write("shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        _dir.Write("shop/values.yaml", "replicas: 2\nbugs: {}\n");
        _dir.Write("shop/crds/widgets.yaml", """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.shop.example.com
            spec:
              group: shop.example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema:
                    openAPIV3Schema:
                      type: object
                      properties:
                        spec:
                          type: object
                          required: [size]
                          properties:
                            size: {type: integer}
                            tier: {type: string, enum: [small, large]}
                            extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """);
        _dir.Write("shop/templates/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ .Release.Name }}
              labels: {app.kubernetes.io/name: shop}
            spec:
              replicas: {{ if .Values.bugs.quotedReplicas }}{{ .Values.replicas | quote }}{{ else }}{{ .Values.replicas }}{{ end }}
              {{- if not .Values.bugs.noSelector }}
              selector:
                matchLabels: {app: shop}
              {{- end }}
              template:
                metadata:
                  labels: {app: shop}
                spec:
                  {{ if .Values.bugs.typo }}contianers{{ else }}containers{{ end }}:
                    - name: web
                      image: nginx:1.27
                      ports: [{containerPort: 8080}]
                      env:
                        - name: DEBUG
                          value: {{ if .Values.bugs.yesBoolean }}yes{{ else }}"yes"{{ end }}
                      resources: {limits: {cpu: 500m, memory: 128Mi}}
            """);
        _dir.Write("shop/templates/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: {{ .Release.Name }}
            spec:
              selector: {app: shop}
              type: {{ .Values.bugs.serviceType | default "ClusterIP" }}
              ports:
                - port: 80
                  targetPort: {{ if .Values.bugs.boolPort }}true{{ else }}http{{ end }}
            """);
        _dir.Write("shop/templates/secret.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: {{ .Release.Name }}-db
            type: Opaque
            data:
              password: {{ if .Values.bugs.plainSecret }}{{ "{{PLANTED}}" }}{{ else }}{{ "s3cr3t" | b64enc }}{{ end }}
            """.Replace("{{PLANTED}}", PlantedSecret, StringComparison.Ordinal));
        _dir.Write("shop/templates/widget.yaml", """
            apiVersion: shop.example.com/v1
            kind: Widget
            metadata:
              name: {{ .Release.Name }}
            spec:
              size: {{ if .Values.bugs.widgetSize }}"big"{{ else }}3{{ end }}
              tier: {{ .Values.bugs.tier | default "small" }}
              extra: {anything: [1, 2], goes: true}
            """);
    }

    public string ChartDirectory => _dir.File("shop");

    /// <summary><c>helm template shop ./shop --include-crds -n web --set …</c> with the real helm; throws when helm fails.</summary>
    public async Task<string> RenderAsync(params string[] sets)
    {
        var args = new List<string> { "template", "shop", ChartDirectory, "--include-crds", "-n", "web" };
        foreach (var set in sets) args.AddRange(["--set", set]);
        var result = await _helm.RunAsync(args);
        if (result.ExitCode != 0) throw new InvalidOperationException($"helm template failed ({result.ExitCode}): {result.Stderr}");
        return result.StdoutText;
    }

    public void Dispose()
    {
        _helm.Dispose();
        _dir.Dispose();
    }
}
