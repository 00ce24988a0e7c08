using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.State;

/// <summary>One release bound to an environment: the settings helm is called with (kube context, defaults).</summary>
public sealed record ReleaseTarget(ReleaseSpec Spec, ReleaseEnvironment Environment, HelmDefaults Defaults)
{
    public string Name => Spec.Name;

    public string Namespace => Spec.Namespace;

    public string Id => Spec.Id;

    /// <summary>The release's <c>kubeContext</c>, else the environment's, else <c>helmDefaults.kubeContext</c>, else helm's current context.</summary>
    public string? KubeContext => Spec.KubeContext ?? Environment.KubeContext ?? Defaults.KubeContext;

    /// <summary>helmDefaults with the release's own atomic/wait/timeout/createNamespace applied.</summary>
    public HelmDefaults Settings => Spec.Settings ?? Defaults;

    /// <summary>
    /// The values files helm gets, as written with <c>{{ .Environment.Name }}</c>-style paths expanded, each marked when it is
    /// a <c>secrets:</c> entry: environment values, environment secrets, release values, release secrets (helm's precedence order).
    /// </summary>
    internal List<(string Spec, bool Secret)> ValueFiles() =>
    [
        .. Environment.Values.Select(v => (Expand(v), false)),
        .. Environment.Secrets.Select(v => (Expand(v), true)),
        .. Spec.Values.Select(v => (Expand(v), false)),
        .. Spec.Secrets.Select(v => (Expand(v), true)),
    ];

    private string Expand(string s) => PathTemplate.Expand(s, Environment.Name, Spec);
}
