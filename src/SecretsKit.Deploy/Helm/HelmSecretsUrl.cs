using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// A helm-secrets getter URL: <c>secrets://[?][sops!]FILE</c>, <c>secrets+age-import://KEY?FILE</c>,
/// <c>secrets+gpg-import://KEY?FILE</c>, <c>secrets+age-import-kubernetes://[NS/]NAME#KEY?FILE</c> and the gpg
/// variant. A <c>?</c> before FILE makes it optional (missing: empty output); <c>backend!</c> names the backend of
/// that file (<c>!!</c> escapes a literal <c>!</c>). <see cref="KeyFile"/> is set for the file imports,
/// <see cref="SecretNamespace"/>/<see cref="SecretName"/>/<see cref="SecretKey"/> for the Kubernetes ones.
/// </summary>
public sealed record HelmSecretsUrl(string Scheme, KeyImport Import, bool FromKubernetes, string? KeyFile, string? SecretNamespace,
    string? SecretName, string? SecretKey, string File, bool Optional, string? Backend)
{
    /// <summary>Every scheme the getter serves (the plugin.yaml <c>downloaders</c> list and Argo CD's valuesFileSchemes).</summary>
    public static readonly IReadOnlyList<string> Schemes =
        ["secrets", "secrets+age-import", "secrets+gpg-import", "secrets+age-import-kubernetes", "secrets+gpg-import-kubernetes"];

    public static HelmSecretsUrl Parse(string url)
    {
        var sep = url.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0) throw Invalid(url, "expected <scheme>://…");
        var scheme = url[..sep];
        var rest = url[(sep + 3)..];
        if (scheme == "secrets+literal")
        {
            throw new SecretsKitException(ExitCodes.Generic, "secrets+literal:// needs the vals backend, which SecretsKit does not run",
                "put the reference in a values file as ref+…: `helm secretskit` resolves ref+ values");
        }
        if (!Schemes.Contains(scheme)) throw Invalid(url, $"unknown scheme {scheme}:// (known: {string.Join(", ", Schemes.Select(s => s + "://"))})");
        var import = scheme.Contains("age-import", StringComparison.Ordinal) ? KeyImport.Age
            : scheme.Contains("gpg-import", StringComparison.Ordinal) ? KeyImport.Gpg : KeyImport.None;
        var kubernetes = scheme.EndsWith("-kubernetes", StringComparison.Ordinal);
        string? key = null;
        if (import != KeyImport.None)
        {
            var q = rest.IndexOf('?', StringComparison.Ordinal);
            if (q <= 0) throw Invalid(url, "expected KEY?FILE");
            key = rest[..q];
            rest = rest[(q + 1)..];
        }
        var optional = rest.StartsWith('?');
        if (optional) rest = rest[1..];
        var (backend, file) = SplitBackend(rest);
        if (file.Length == 0) throw Invalid(url, "no file");
        if (!kubernetes) return new HelmSecretsUrl(scheme, import, false, key, null, null, null, file, optional, backend);
        var hash = key!.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0 || hash == key.Length - 1) throw Invalid(url, "expected [NAMESPACE/]NAME#KEY?FILE");
        var nameWithNs = key[..hash];
        var slash = nameWithNs.IndexOf('/', StringComparison.Ordinal);
        var ns = slash < 0 ? null : nameWithNs[..slash];
        var name = slash < 0 ? nameWithNs : nameWithNs[(slash + 1)..];
        return new HelmSecretsUrl(scheme, import, true, null, ns, name, key[(hash + 1)..], file, optional, backend);
    }

    /// <summary>Splits a <c>backend!path</c> prefix off a value-file spec (a leading <c>!</c> escapes: <c>!a!b</c> is the path <c>a!b</c>).</summary>
    public static (string? Backend, string Path) SplitBackend(string spec)
    {
        if (spec.StartsWith('!')) return (null, spec[1..]);
        var bang = spec.IndexOf('!', StringComparison.Ordinal);
        if (bang <= 0) return (null, spec);
        var candidate = spec[..bang];
        // a backend is a bare word or a script path; "dir!x/file" with a slash after the ! is still a backend prefix in helm-secrets
        return candidate.Contains("://", StringComparison.Ordinal) ? (null, spec) : (candidate, spec[(bang + 1)..]);
    }

    private static SecretsKitException Invalid(string url, string what) =>
        new(ExitCodes.Generic, $"Invalid syntax in {RemoteValueFile.Redact(url)}: {what}");

}
