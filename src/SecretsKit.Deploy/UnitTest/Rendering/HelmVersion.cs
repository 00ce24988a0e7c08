using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// What <c>helm version</c> says: its version and the Kubernetes version it defaults to (<c>KubeClientVersion</c>, from
/// Helm 3.15 on; <c>v1.20.0</c> when it does not say). <see cref="ServerLookups"/>: <c>helm template --dry-run=server</c>
/// with <c>--take-ownership</c> (Helm 3.17 and later, Helm 4), which lookups in a test need.
/// </summary>
internal sealed partial record HelmVersion(int Major, int Minor, string DefaultKubeVersion)
{
    public bool ServerLookups => Major > 3 || (Major == 3 && Minor >= 17);

    public static async Task<HelmVersion> ProbeAsync(IProcessRunner processes, string helm, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(new ProcessSpec(helm, ["version"], null, environment), cancellationToken);
        var text = Encoding.UTF8.GetString(result.StandardOutput);
        var version = Version().Match(text);
        if (result.ExitCode != 0 || !version.Success) return new HelmVersion(0, 0, "v1.20.0");
        var kube = KubeClient().Match(text);
        return new HelmVersion(int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture),
            kube.Success ? kube.Groups[1].Value + ".0" : "v1.20.0");
    }

    [GeneratedRegex(@"Version:""v(\d+)\.(\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    [GeneratedRegex(@"KubeClientVersion:""(v\d+\.\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex KubeClient();
}
