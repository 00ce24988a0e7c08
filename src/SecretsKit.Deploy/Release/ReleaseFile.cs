namespace SecretsKit.Deploy.Release;

/// <summary>A parsed <c>secretskit-release.yaml</c>: environments, helm defaults and releases (helmfile's shape, a subset).</summary>
public sealed record ReleaseFile(
    string Path,
    IReadOnlyDictionary<string, ReleaseEnvironment> Environments,
    HelmDefaults Defaults,
    IReadOnlyList<ReleaseSpec> Releases)
{
    /// <summary>The directory relative paths (values, secrets, local charts) are resolved against.</summary>
    public string BaseDirectory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
}

/// <summary>One entry of <c>environments:</c>; its values and secrets come before every release's own.</summary>
public sealed record ReleaseEnvironment(string Name, string? KubeContext, IReadOnlyList<string> Values, IReadOnlyList<string> Secrets);

/// <summary><c>helmDefaults:</c> with helmfile's defaults (atomic, wait, 300 s, history 10, create namespace).</summary>
public sealed record HelmDefaults(
    bool Atomic = true,
    bool Wait = true,
    int Timeout = 300,
    int HistoryMax = 10,
    bool CreateNamespace = true,
    bool CleanupOnFail = false,
    string? KubeContext = null);

/// <summary>One <c>set:</c> entry: a helm value path (<c>image.tag</c>) and its value.</summary>
public sealed record SetValue(string Name, string Value);

/// <summary>One entry of <c>releases:</c> as written (paths still templated).</summary>
public sealed record ReleaseSpec(
    string Name,
    string Namespace,
    string Chart,
    string? Version,
    IReadOnlyDictionary<string, string> Labels,
    bool Installed,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> Values,
    IReadOnlyList<string> Secrets,
    IReadOnlyList<SetValue> Set,
    int Line)
{
    /// <summary><c>namespace/name</c>, how <c>needs:</c> and messages name a release.</summary>
    public string Id => $"{Namespace}/{Name}";
}
