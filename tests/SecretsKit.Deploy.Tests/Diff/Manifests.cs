using System.Text;

namespace SecretsKit.Deploy.Tests.Diff;

/// <summary>A realistic release (Deployment + Service + Secret + ConfigMap) as <c>helm template</c> prints it, in two versions.</summary>
internal static class Manifests
{
    public const string DbPassword = "hunter2-prod-pw";
    public const string NewDbPassword = "hunter2-prod-pw-v2";
    public const string ApiToken = "tok-9f8e7d6c5b4a";
    public const string NewApiToken = "tok-1a2b3c4d5e6f";
    public const string SmtpPassword = "smtp-pass-314159";

    public static string B64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    public static string Deployment(string image = "ghcr.io/acme/web:1.4.2", string apiToken = ApiToken, int replicas = 2) => $"""
        # Source: web/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels:
            app.kubernetes.io/name: web
            app.kubernetes.io/instance: web
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app.kubernetes.io/name: web
          template:
            metadata:
              labels:
                app.kubernetes.io/name: web
            spec:
              containers:
                - name: web
                  image: "{image}"
                  args:
                    - --listen=:8080
                    - --api-token={apiToken}
                  env:
                    - name: API_TOKEN
                      value: "{apiToken}"
                    - name: SMTP_PASSWORD
                      value: {SmtpPassword}
                    - name: LOG_LEVEL
                      value: info
                  ports:
                    - name: http
                      containerPort: 8080
        """;

    public static string Service(int port = 80) => $"""
        # Source: web/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: ClusterIP
          ports:
            - port: {port}
              targetPort: http
              name: http
          selector:
            app.kubernetes.io/name: web
        """;

    public static string Secret(string password = DbPassword, string user = "app", string tier = "backend", string? extraKey = null) => $"""
        # Source: web/templates/secret.yaml
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-db
          labels:
            tier: {tier}
        type: Opaque
        data:
          username: {B64(user)}
          password: {B64(password)}{(extraKey is null ? "" : $"\n  {extraKey}: {B64("value-of-" + extraKey)}")}
        stringData:
          DATABASE_URL: postgres://{user}:{password}@db.internal:5432/web
        """;

    public static string ConfigMap(string password = DbPassword, string logLevel = "info") => $"""
        # Source: web/templates/configmap.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: apps
        data:
          LOG_LEVEL: {logLevel}
          app.properties: |
            server.port=8080
            db.host=db.internal
            db.password={password}
            db.pool=10
          FEATURE_FLAGS: "search,export"
        """;

    public static string Stream(params string[] documents) => "---\n" + string.Join("\n---\n", documents) + "\n";
}
