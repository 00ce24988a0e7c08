using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Release.Hooks;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// A helmfile state (<c>helmfile.yaml</c>, <c>secretskit-release.yaml</c>, …) after rendering: environments, helm
/// defaults, repositories, releases. <see cref="Warnings"/> name the helmfile keys SecretsKit ignores.
/// </summary>
public sealed record ReleaseFile(
    string Path,
    IReadOnlyDictionary<string, ReleaseEnvironment> Environments,
    HelmDefaults Defaults,
    IReadOnlyList<ReleaseSpec> Releases)
{
    /// <summary>The directory relative paths (values, secrets, local charts) are resolved against.</summary>
    public string BaseDirectory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;

    public IReadOnlyList<HelmRepository> Repositories { get; init; } = [];

    /// <summary>
    /// Every environment the state defines, with its <c>kubeContext</c> (null: none) as the state's environments block
    /// says it: where a promotion reads another environment's record and revisions, and <c>status --stages</c> each
    /// stage's. <see cref="Environments"/> holds only the environment of the run, fully loaded.
    /// </summary>
    public IReadOnlyDictionary<string, string?> KubeContexts { get; init; } = new Dictionary<string, string?>();

    /// <summary><c>bases:</c> entries as written (layered under this file by the state loader).</summary>
    public IReadOnlyList<string> Bases { get; init; } = [];

    public IReadOnlyList<SubHelmfile> Helmfiles { get; init; } = [];

    /// <summary>Top-level <c>values:</c> (state value defaults) as files or inline maps.</summary>
    public IReadOnlyList<ValuesEntry> StateValues { get; init; } = [];

    /// <summary>Top-level <c>missingFileHandler</c>.</summary>
    public MissingFileHandler MissingFileHandler { get; init; } = MissingFileHandler.Error;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Top-level <c>kubeVersion</c>: the Kubernetes version the releases are rendered for (<c>helm template --kube-version</c>)
    /// and validated against (unless <c>--kube-version</c>).
    /// </summary>
    public string? KubeVersion { get; init; }

    /// <summary>Top-level <c>apiVersions</c>: passed to <c>helm template</c> as <c>--api-versions</c>, as helmfile does.</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];

    /// <summary><c>lockFilePath</c>: the lock file whose versions the repository charts get (see <see cref="ReleaseLockFile"/>).</summary>
    public string? LockFilePath { get; init; }

    /// <summary>Top-level <c>hooks:</c>: helmfile's global hooks, <c>prepare</c> once before the run and <c>cleanup</c> once after it.</summary>
    public IReadOnlyList<ReleaseHook> Hooks { get; init; } = [];

    /// <summary>Renders the global <see cref="Hooks"/> when their event fires; null when the state was not loaded through the state loader.</summary>
    internal HookTemplates? HookTemplates { get; init; }

    /// <summary>
    /// The global <c>hooks:</c> of the sub-helmfiles (<c>helmfiles:</c>, nested ones too), in the order helmfile visits the
    /// states (a state's sub-helmfiles before it); each runs from its own state's directory with its own state's data.
    /// </summary>
    internal IReadOnlyList<SubStateHooks> SubStates { get; init; } = [];

    /// <summary>Strings that came from decrypted environment secrets: redacted wherever output could show them.</summary>
    public IReadOnlyCollection<string> SensitiveValues { get; init; } = [];

    /// <summary>The state values of the environment (values and decrypted secrets) with their sources, for the plain-text checks.</summary>
    public ValueProvenance StateProvenance { get; init; } = new();

    /// <summary>The local files under the environment's <c>secrets:</c> (of every state file loaded) that were read, full paths.</summary>
    public IReadOnlyList<string> EnvironmentSecretFiles { get; init; } = [];
}

/// <summary>One entry of <c>environments:</c>. <see cref="Values"/>/<see cref="Secrets"/> are the file entries as written.</summary>
public sealed record ReleaseEnvironment(string Name, string? KubeContext, IReadOnlyList<string> Values, IReadOnlyList<string> Secrets)
{
    /// <summary>Every <c>values:</c> entry in order, files and inline maps.</summary>
    public IReadOnlyList<ValuesEntry> ValueEntries { get; init; } = [];

    /// <summary>Where each of <see cref="Secrets"/> was written (file and line: a <c>bases:</c> file's own), for the errors about it.</summary>
    public IReadOnlyList<string> SecretOrigins { get; init; } = [];

    public MissingFileHandler? MissingFileHandler { get; init; }
}

/// <summary>A <c>values:</c> entry: a file path (maybe <c>.gotmpl</c>) or an inline map (as YAML text).</summary>
public sealed record ValuesEntry(string? Path, string? InlineYaml)
{
    /// <summary>From <c>valuesTemplate:</c>: an inline map is rendered as a release template too (paths always are).</summary>
    public bool Templated { get; init; }

    /// <summary>Where the entry was written (file and line: a <c>bases:</c> file's own), for the errors about it; null when not from a file.</summary>
    public string? Where { get; init; }

    public static ValuesEntry File(string path) => new(path, null);

    public static ValuesEntry Inline(string yaml) => new(null, yaml);
}

/// <summary><c>repositories:</c> entry: charts named <c>NAME/chart</c> come from it (<c>oci: true</c>: an OCI registry).</summary>
public sealed record HelmRepository(string Name, string Url, bool Oci);

/// <summary><c>helmfiles:</c> entry: another state file, its selectors and the state values passed to it.</summary>
public sealed record SubHelmfile(string Path, IReadOnlyList<string> Selectors, IReadOnlyList<ValuesEntry> Values);

/// <summary>
/// <c>helmDefaults:</c> with helmfile's defaults (atomic, wait, 300 s, history 10, create namespace). <see cref="Atomic"/>
/// is "roll back on failure": helm's <c>--atomic</c> on Helm 3, <c>--rollback-on-failure</c> on Helm 4 (as helmfile passes it).
/// </summary>
public sealed record HelmDefaults(
    bool Atomic = true,
    bool Wait = true,
    int Timeout = 300,
    int HistoryMax = 10,
    bool CreateNamespace = true,
    bool CleanupOnFail = false,
    string? KubeContext = null)
{
    /// <summary><c>postRenderer</c>: helm's <c>--post-renderer</c> for template and upgrade (a release's own wins).</summary>
    public string? PostRenderer { get; init; }

    /// <summary><c>postRendererArgs</c>: one <c>--post-renderer-args</c> each.</summary>
    public IReadOnlyList<string> PostRendererArgs { get; init; } = [];

    /// <summary>
    /// helmfile's <c>rollbackOnFailure</c>: like <see cref="Atomic"/>, "roll back on failure" (either on passes the
    /// flag); like helmfile, a run on Helm 3 refuses it on (it names a Helm 4 flag).
    /// </summary>
    public bool RollbackOnFailure { get; init; }

    public bool Equals(HelmDefaults? other) =>
        other is not null && Atomic == other.Atomic && Wait == other.Wait && Timeout == other.Timeout && HistoryMax == other.HistoryMax
        && CreateNamespace == other.CreateNamespace && CleanupOnFail == other.CleanupOnFail && KubeContext == other.KubeContext
        && PostRenderer == other.PostRenderer && PostRendererArgs.SequenceEqual(other.PostRendererArgs) && RollbackOnFailure == other.RollbackOnFailure;

    public override int GetHashCode() => HashCode.Combine(Atomic, Wait, Timeout, HistoryMax, CreateNamespace, CleanupOnFail, KubeContext, PostRenderer);
}

/// <summary>
/// One <c>set:</c>/<c>setString:</c>/<c>setTemplate:</c> entry: a helm value path (<c>image.tag</c>) and its value, or
/// a <c>file</c> (helm <c>--set-file</c>), or a list of <c>values</c> (helm <c>--set name={a,b}</c>), as helmfile passes them.
/// </summary>
public sealed record SetValue(string Name, string Value)
{
    /// <summary>From <c>setString:</c> (helm <c>--set-string</c>).</summary>
    public bool IsString { get; init; }

    /// <summary><c>file:</c>, used when <see cref="SetValue.Value"/> is empty.</summary>
    public string? File { get; init; }

    /// <summary><c>values:</c>, used when <see cref="SetValue.Value"/> and <see cref="File"/> are empty.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public bool Equals(SetValue? other) =>
        other is not null && Name == other.Name && Value == other.Value && IsString == other.IsString && File == other.File && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Value, IsString, File, Values.Count);
}

/// <summary>One <c>hooks:</c> entry: a command run at the listed events (presync, postsync, preuninstall, postuninstall).</summary>
public sealed record ReleaseHook(IReadOnlyList<string> Events, string Command, IReadOnlyList<string> Args, bool ShowLogs);

/// <summary>One entry of <c>releases:</c>; paths are relative to <see cref="BaseDirectory"/> (else the state file's directory).</summary>
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

    /// <summary>
    /// Every <c>values:</c> entry in order as written (files, <c>.gotmpl</c> files, inline maps); <see cref="Values"/> holds
    /// the files helm gets (after loading: rendered templates and inline maps as private files).
    /// </summary>
    public IReadOnlyList<ValuesEntry> ValueEntries { get; init; } = [];

    /// <summary>
    /// The private files of <see cref="Values"/> written by the state loader (rendered <c>.gotmpl</c> files, inline maps),
    /// each with the entry it came from: the plain-text checks name that entry and know a rendered file may copy secrets.
    /// </summary>
    public IReadOnlyDictionary<string, string> RenderedValues { get; init; } = new Dictionary<string, string>();

    public string? BaseDirectory { get; init; }

    /// <summary><c>condition: a.b.enabled</c> (or <c>true</c>/<c>false</c>): the release takes part only when that state value is true.</summary>
    public string? Condition { get; init; }

    /// <summary>What <see cref="Condition"/> gave (helmfile's ENABLED column): a disabled release is left out like an unselected one.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>installedTemplate</c>/<c>conditionTemplate</c>: rendered per release, they replace <c>installed</c>/<c>condition</c>.</summary>
    public string? InstalledTemplate { get; init; }

    public string? ConditionTemplate { get; init; }

    /// <summary>The release's <c>kubeVersion</c>, else the state's (helm <c>--kube-version</c>).</summary>
    public string? KubeVersion { get; init; }

    /// <summary>The release's <c>apiVersions</c>, else the state's (helm <c>--api-versions</c>).</summary>
    public IReadOnlyList<string> ApiVersions { get; init; } = [];

    public string? KubeContext { get; init; }

    /// <summary>helmDefaults with this release's own atomic/wait/timeout/createNamespace applied.</summary>
    public HelmDefaults? Settings { get; init; }

    public IReadOnlyList<ReleaseHook> Hooks { get; init; } = [];

    /// <summary>Renders <see cref="Hooks"/> when their event fires; null when the state was not loaded through the state loader.</summary>
    internal HookTemplates? HookTemplates { get; init; }

    public MissingFileHandler? MissingFileHandler { get; init; }
}
