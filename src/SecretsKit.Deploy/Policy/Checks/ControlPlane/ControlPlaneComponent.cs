using System.Text.Json.Nodes;
using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks.ControlPlane;

/// <summary>
/// A control-plane program a static Pod's container runs, recognized as trivy-checks' <c>lib.kubernetes</c> recognizes
/// it (<c>is_apiserver</c>, <c>is_controllermanager</c>, <c>is_scheduler</c>, <c>is_etcd</c>): the first item of
/// <c>command</c> is the program's name, alone or after a directory (<c>/usr/local/bin/kube-apiserver</c>).
/// </summary>
internal sealed class ControlPlaneComponent
{
    private ControlPlaneComponent(string program) => Program = program;

    public static ControlPlaneComponent ApiServer { get; } = new("kube-apiserver");

    public static ControlPlaneComponent ControllerManager { get; } = new("kube-controller-manager");

    public static ControlPlaneComponent Scheduler { get; } = new("kube-scheduler");

    public static ControlPlaneComponent Etcd { get; } = new("etcd");

    /// <summary>The program's file name, e.g. <c>kube-apiserver</c>.</summary>
    public string Program { get; }

    /// <summary>
    /// Whether <paramref name="c"/> runs the program: trivy-checks matches <c>command[0]</c> against
    /// <c>^(.*/)?program$</c>, in which <c>.</c> never matches a line break and <c>$</c> is the end of the text.
    /// </summary>
    public bool Runs(PodContainer c) =>
        c.Node["command"] is JsonArray { Count: > 0 } command && Rego.Text(command[0]) is { } first
        && (first == Program || (first.EndsWith("/" + Program, StringComparison.Ordinal) && !first.Contains('\n', StringComparison.Ordinal)));
}
