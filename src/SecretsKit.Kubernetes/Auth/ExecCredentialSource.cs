using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Auth;

/// <summary>
/// A kubeconfig <c>exec</c> credential plugin: runs the command with its args and env (plus
/// <c>KUBERNETES_EXEC_INFO</c>), reads the <c>ExecCredential</c> it prints, and caches the token / client certificate
/// until <c>status.expirationTimestamp</c> (or until a 401).
/// </summary>
public sealed class ExecCredentialSource(KubeConfigExec exec, IProcessRunner runner, IEnvironment environment, TimeProvider? time = null)
    : KubeCredentialSource, IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KubeCredential? _cached;

    /// <summary>How many times the plugin has run (for diagnostics and tests).</summary>
    public int Invocations { get; private set; }

    public override async ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } c && (c.ExpiresAt is null || c.ExpiresAt > _time.GetUtcNow())) return c;
            _cached = await RunAsync(cancellationToken);
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private async Task<KubeCredential> RunAsync(CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string>(environment.Variables, StringComparer.Ordinal);
        foreach (var (name, value) in exec.Env) env[name] = value;
        var apiVersion = exec.ApiVersion ?? "client.authentication.k8s.io/v1";
        env["KUBERNETES_EXEC_INFO"] = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "ExecCredential",
            ["spec"] = new JsonObject { ["interactive"] = false },
        }.ToJsonString();
        Invocations++;
        var result = await runner.RunAsync(new ProcessSpec(exec.Command, exec.Args, null, env), cancellationToken);
        if (result.ExitCode != 0)
        {
            var err = result.StandardError.Trim();
            if (err.Length > 200) err = err[..200] + "…";
            throw new KubernetesConfigException(
                $"the exec credential plugin {exec.Command} exited with code {result.ExitCode}{(err.Length > 0 ? ": " + err : "")}",
                exec.InstallHint ?? "check that the plugin is installed and logged in");
        }
        JsonObject? status;
        try
        {
            status = JsonNode.Parse(result.StandardOutput)?["status"] as JsonObject;
        }
        catch (JsonException e)
        {
            throw new KubernetesConfigException($"the exec credential plugin {exec.Command} printed something that is not an ExecCredential JSON object", inner: e);
        }
        if (status is null) throw new KubernetesConfigException($"the ExecCredential printed by {exec.Command} has no status");
        var token = Str(status["token"]);
        X509Certificate2? cert = null;
        if (Str(status["clientCertificateData"]) is { } certPem && Str(status["clientKeyData"]) is { } keyPem)
        {
            cert = ClientCertificates.FromPem(certPem, keyPem, $"exec plugin {exec.Command}");
        }
        if (token is null && cert is null)
        {
            throw new KubernetesConfigException($"the ExecCredential printed by {exec.Command} has neither status.token nor status.clientCertificateData/clientKeyData");
        }
        DateTimeOffset? expires = Str(status["expirationTimestamp"]) is { } exp
            && DateTimeOffset.TryParse(exp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
        return new KubeCredential(token, cert, expires);
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}
