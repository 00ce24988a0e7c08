namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What helmfile's own command-line flags change in a run, with helmfile v1.7's meaning (<c>pkg/config</c>,
/// <c>pkg/state</c>): extra values and <c>--set</c>s after each release's own, the upgrade's wait and timeout, what
/// <c>--kube-version</c> renders for, which diffs are printed, which <c>needs</c> a selection takes in, and whether the
/// run asks before it changes the cluster.
/// </summary>
public sealed record CommandLineOverrides
{
    /// <summary><c>--set a=b[,c=d]</c>: given to helm as <c>--set</c> after the release's values and sets (helm's own parser reads them).</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary><c>--values FILE</c> (absolute paths): after the release's values and secrets, before <see cref="Set"/>; a SOPS file is decrypted.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary><c>--wait</c>: <c>helm upgrade --wait</c> even where helmDefaults or the release say <c>wait: false</c>.</summary>
    public bool Wait { get; init; }

    /// <summary><c>--wait-for-jobs</c>: <c>helm upgrade --wait-for-jobs</c>.</summary>
    public bool WaitForJobs { get; init; }

    /// <summary><c>--kube-context</c>: the context of every release that names none, as helmfile sets it over <c>helmDefaults.kubeContext</c>.</summary>
    public string? KubeContext { get; init; }

    /// <summary><c>--timeout N</c> (seconds): the upgrade's and <c>helm test</c>'s timeout instead of the state's.</summary>
    public int? Timeout { get; init; }

    /// <summary><c>--kube-version</c>: <c>helm template --kube-version</c> over the release's and the state's <c>kubeVersion</c>.</summary>
    public string? KubeVersion { get; init; }

    /// <summary><c>--suppress-diff</c>: apply prints no diff (only the line saying whether a release changes).</summary>
    public bool SuppressDiff { get; init; }

    /// <summary><c>--skip-diff-on-install</c>: a release not installed yet is not diffed, only said to be new.</summary>
    public bool SkipDiffOnInstall { get; init; }

    /// <summary><c>--include-transitive-needs</c>: with <c>-l</c>, the needs of the needs too.</summary>
    public bool IncludeTransitiveNeeds { get; init; }

    /// <summary>
    /// <c>--skip-needs=false</c> without <c>--include-needs</c>: a selected release that needs an unselected one is an
    /// error naming both (helmfile's "does not match the selectors"), instead of running without it.
    /// </summary>
    public bool RequireNeedsSelected { get; init; }

    /// <summary><c>--allow-no-matching-release</c>: a selector that matches no release runs nothing and exits 0.</summary>
    public bool AllowNoMatchingRelease { get; init; }

    /// <summary><c>template --output-dir DIR</c>: each release's manifests written as helm writes them, under a folder per release.</summary>
    public string? OutputDir { get; init; }

    /// <summary>
    /// <c>--interactive</c>: asked (with the question) before apply, sync or destroy changes the cluster, after showing what
    /// will change; true to go on. Null: no question.
    /// </summary>
    public Func<string, CancellationToken, Task<bool>>? Confirm { get; init; }
}
