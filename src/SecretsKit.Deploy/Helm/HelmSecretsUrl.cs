using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// A helm-secrets getter URL, read in helm-secrets' order: <c>secrets://[?][backend!]FILE</c>,
/// <c>secrets+age-import://[?][backend!]KEY?FILE</c> and <c>secrets+gpg-import://…</c>,
/// <c>secrets+age-import-kubernetes://[?][backend!][NS/]NAME#KEY?FILE</c> and the gpg variant, and
/// <c>secrets+literal://[backend!]VALUE</c>. A leading <c>?</c> makes the file optional (missing: empty output; the
/// older <c>KEY??FILE</c> form still works); <c>backend!</c> names the backend of that file (<c>!!</c> escapes a literal
/// <c>!</c> in a <c>secrets://</c> path). <see cref="KeyFile"/> is set for the file imports,
/// <see cref="SecretNamespace"/>/<see cref="SecretName"/>/<see cref="SecretKey"/> for the Kubernetes ones;
/// for <c>secrets+literal</c>, <see cref="File"/> is the value itself.
/// </summary>
public sealed record HelmSecretsUrl(string Scheme, KeyImport Import, bool FromKubernetes, string? KeyFile, string? SecretNamespace,
    string? SecretName, string? SecretKey, string File, bool Optional, string? Backend)
{
    /// <summary>Every scheme the getter serves (the plugin.yaml <c>downloaders</c> list and Argo CD's valuesFileSchemes).</summary>
    public static readonly IReadOnlyList<string> Schemes =
        ["secrets", "secrets+age-import", "secrets+gpg-import", "secrets+age-import-kubernetes", "secrets+gpg-import-kubernetes", "secrets+literal"];

    /// <summary>Whether this is <c>secrets+literal://VALUE</c>: <see cref="File"/> holds the value, not a path.</summary>
    public bool IsLiteral => Scheme == "secrets+literal";

    public static HelmSecretsUrl Parse(string url)
    {
        var sep = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = sep < 0 ? "" : url[..sep];
        if (!Schemes.Contains(scheme)) throw new SecretsKitException(ExitCodes.Generic, $"Unknown protocol '{RemoteValueFile.Redact(url)}'!");
        var rest = url[(sep + 3)..];
        if (scheme == "secrets+literal")
        {
            var bang = rest.IndexOf('!', StringComparison.Ordinal);
            return bang < 0
                ? new HelmSecretsUrl(scheme, KeyImport.None, false, null, null, null, null, rest, false, null)
                : new HelmSecretsUrl(scheme, KeyImport.None, false, null, null, null, null, rest[(bang + 1)..], false, rest[..bang]);
        }
        var optional = rest.StartsWith('?');
        if (optional) rest = rest[1..];
        var import = scheme.Contains("age-import", StringComparison.Ordinal) ? KeyImport.Age
            : scheme.Contains("gpg-import", StringComparison.Ordinal) ? KeyImport.Gpg : KeyImport.None;
        if (import == KeyImport.None)
        {
            var (plainBackend, plainFile) = SplitBackend(rest);
            if (plainFile.Length == 0) throw new SecretsKitException(ExitCodes.Generic, $"Invalid syntax: {scheme}://[path secrets.yaml]");
            return new HelmSecretsUrl(scheme, import, false, null, null, null, null, plainFile, optional, plainBackend);
        }
        var kubernetes = scheme.EndsWith("-kubernetes", StringComparison.Ordinal);
        string? backend = null;
        var bangAt = rest.IndexOf('!', StringComparison.Ordinal);
        if (bangAt > 0 && bangAt < rest.IndexOf('?', StringComparison.Ordinal)) (backend, rest) = (rest[..bangAt], rest[(bangAt + 1)..]);
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q <= 0) throw new SecretsKitException(ExitCodes.Generic, $"Invalid syntax: {scheme}://[path to key]?[path secrets.yaml]");
        var key = rest[..q];
        var file = rest[(q + 1)..];
        if (file.StartsWith('?')) (optional, file) = (true, file[1..]);
        if (file.Length == 0) throw new SecretsKitException(ExitCodes.Generic, $"Invalid syntax: {scheme}://[path to key]?[path secrets.yaml]");
        if (!kubernetes) return new HelmSecretsUrl(scheme, import, false, key, null, null, null, file, optional, backend);
        var hash = key.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0 || hash == key.Length - 1) throw new SecretsKitException(ExitCodes.Generic, $"Invalid syntax: {scheme}://[NAMESPACE/]NAME#KEY?[path secrets.yaml]");
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
}
