using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Config;

/// <summary>
/// Builds a <see cref="KubernetesClientConfiguration"/> from kubeconfig files: <c>KUBECONFIG</c> (several files,
/// <c>:</c>-separated, merged first-wins) or <c>~/.kube/config</c>, the current or an explicit context.
/// </summary>
public static class KubeConfigLoader
{
    /// <summary>The kubeconfig files in effect: the explicit path, else <c>KUBECONFIG</c>'s existing files, else <c>~/.kube/config</c>.</summary>
    public static IReadOnlyList<string> ConfigPaths(IEnvironment env, string? explicitPath = null)
    {
        if (explicitPath is not null) return [Path.GetFullPath(explicitPath, env.CurrentDirectory)];
        // kubectl treats an empty KUBECONFIG as unset
        if (env.Get("KUBECONFIG") is { Length: > 0 } list)
        {
            return list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => Path.GetFullPath(p, env.CurrentDirectory))
                .Where(File.Exists)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        return [Path.Combine(env.HomeDirectory, ".kube", "config")];
    }

    public static KubeConfigModel LoadModel(IEnvironment env, string? explicitPath = null)
    {
        var paths = ConfigPaths(env, explicitPath);
        var models = new List<KubeConfigModel>();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new KubernetesConfigException($"cannot read kubeconfig {path}: {e.Message}", "set KUBECONFIG or --kubeconfig to a readable file", e);
            }
            models.Add(KubeConfigParser.Parse(text, Path.GetDirectoryName(path) ?? env.CurrentDirectory, path));
        }
        if (models.Count == 0)
        {
            var named = (env.Get("KUBECONFIG") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => Path.GetFullPath(p, env.CurrentDirectory));
            throw new KubernetesConfigException($"no kubeconfig found: KUBECONFIG names no existing file ({string.Join(", ", named)})",
                "set KUBECONFIG or create ~/.kube/config");
        }
        return KubeConfigParser.Merge(models);
    }

    /// <summary>Loads the kubeconfig files and builds the configuration for <paramref name="context"/> (or the current context).</summary>
    public static KubernetesClientConfiguration Load(IEnvironment env, string? context = null, string? explicitPath = null,
        IProcessRunner? runner = null, TimeProvider? time = null) =>
        Build(LoadModel(env, explicitPath), context, env, runner, time);

    public static KubernetesClientConfiguration Build(KubeConfigModel model, string? context, IEnvironment env,
        IProcessRunner? runner = null, TimeProvider? time = null)
    {
        var contextName = context ?? model.CurrentContext
            ?? throw new KubernetesConfigException("the kubeconfig has no current-context and no context was given", "pass a context or run `kubectl config use-context`");
        var ctx = model.Contexts.TryGetValue(contextName, out var c) ? c
            : throw new KubernetesConfigException($"context \"{contextName}\" is not in the kubeconfig (known: {string.Join(", ", model.Contexts.Keys)})");
        var cluster = model.Clusters.TryGetValue(ctx.Cluster, out var cl) ? cl
            : throw new KubernetesConfigException($"context \"{contextName}\" names cluster \"{ctx.Cluster}\", which is not in the kubeconfig");
        KubeConfigUser? user = null;
        if (ctx.User.Length > 0 && !model.Users.TryGetValue(ctx.User, out user))
        {
            throw new KubernetesConfigException($"context \"{contextName}\" names user \"{ctx.User}\", which is not in the kubeconfig");
        }

        if (!Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server))
        {
            throw new KubernetesConfigException($"cluster \"{cluster.Name}\" has an invalid server URL");
        }
        var ca = cluster.CertificateAuthorityData is { } caData
            ? ClientCertificates.CaFromPem(Base64Text(caData, $"cluster \"{cluster.Name}\" certificate-authority-data"), $"cluster \"{cluster.Name}\"")
            : cluster.CertificateAuthority is { } caFile ? ClientCertificates.CaFromPem(ReadFile(caFile, "certificate-authority"), caFile) : null;

        System.Security.Cryptography.X509Certificates.X509Certificate2? clientCert = null;
        KubeCredentialSource? credentials = null;
        if (user is not null)
        {
            var certPem = user.ClientCertificateData is { } cd ? Base64Text(cd, $"user \"{user.Name}\" client-certificate-data")
                : user.ClientCertificate is { } cf ? ReadFile(cf, "client-certificate") : null;
            var keyPem = user.ClientKeyData is { } kd ? Base64Text(kd, $"user \"{user.Name}\" client-key-data")
                : user.ClientKey is { } kf ? ReadFile(kf, "client-key") : null;
            if (certPem is not null && keyPem is not null) clientCert = ClientCertificates.FromPem(certPem, keyPem, $"user \"{user.Name}\"");
            else if (certPem is not null || keyPem is not null)
            {
                throw new KubernetesConfigException($"user \"{user.Name}\" has a client certificate without its key (or a key without its certificate)");
            }
            credentials = user.Exec is { } exec ? new ExecCredentialSource(exec, runner ?? SystemProcessRunner.Instance, env, time)
                : user.Token is { } token ? new StaticTokenCredentialSource(token)
                : user.TokenFile is { } tokenFile ? new TokenFileCredentialSource(tokenFile, time)
                : null;
        }
        return new KubernetesClientConfiguration
        {
            Server = server,
            Namespace = ctx.Namespace ?? "default",
            CertificateAuthority = ca,
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            ClientCertificate = clientCert,
            Credentials = credentials,
        };
    }

    private static string Base64Text(string data, string what)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException e)
        {
            throw new KubernetesConfigException($"{what} is not valid base64", inner: e);
        }
    }

    private static string ReadFile(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubernetesConfigException($"cannot read the {what} file {path}: {e.Message}", inner: e);
        }
    }
}
