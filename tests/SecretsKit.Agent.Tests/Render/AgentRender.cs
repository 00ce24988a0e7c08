using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// The real <c>secretskit-agent render</c> process with no cluster at all (no kubeconfig, no service account), a private
/// HOME, and optionally a heap limit (<c>DOTNET_GCHeapHardLimit</c>, as the chart's memory limit or the fuzz slices give
/// it) and its peak resident set measured from /proc.
/// </summary>
internal static class AgentRender
{
    public static Task<ProcessRun.Result> RunAsync(string home, IEnumerable<string> args, TimeSpan timeout, string? heapLimit = null,
        bool measurePeakMemory = false, string? cwd = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = home, ["KUBECONFIG"] = null, ["KUBERNETES_SERVICE_HOST"] = null, ["KUBERNETES_SERVICE_PORT"] = null, ["DOTNET_NOLOGO"] = "1",
        };
        if (heapLimit is not null) env["DOTNET_GCHeapHardLimit"] = heapLimit;
        return ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "secretskit-agent.dll"), "render", .. args], env,
            cwd: cwd ?? home, timeout: timeout, measurePeakMemory: measurePeakMemory);
    }
}
