using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// What <c>helm version</c> says: its major and minor version (3.0 when it does not say: every helm before 3 is long
/// gone, and Helm 3 spellings are the conservative ones) and the Kubernetes version it defaults to
/// (<c>KubeClientVersion</c>, from Helm 3.15 on; <c>v1.20.0</c> when it does not say). The one probe of the helm
/// binary: the release pipeline (Helm 4 flags) and the unittest engine (server lookups, default Kubernetes version)
/// read it.
/// </summary>
internal sealed partial record HelmVersion(int Major, int Minor, string DefaultKubeVersion)
{
    private static readonly HelmVersion Unknown = new(3, 0, "v1.20.0");

    /// <summary>
    /// <c>helm template --dry-run=server</c> with <c>--take-ownership</c> (Helm 3.17 and later, Helm 4), through which a
    /// unit test's lookups render; an older helm renders them through a real install into a throwaway state.
    /// </summary>
    public bool ServerLookups => Major > 3 || (Major == 3 && Minor >= 17);

    /// <summary>Runs <c>helm version</c> once (in <paramref name="workingDirectory"/>, with <paramref name="environment"/> when given).</summary>
    public static async Task<HelmVersion> ProbeAsync(IProcessRunner processes, string helm, IReadOnlyDictionary<string, string>? environment, string? workingDirectory,
        CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(new ProcessSpec(helm, ["version"], null, environment, workingDirectory), cancellationToken);
        return Parse(result.ExitCode, Encoding.UTF8.GetString(result.StandardOutput));
    }

    internal static HelmVersion Parse(int exitCode, string text)
    {
        var version = Version().Match(text);
        if (exitCode != 0 || !version.Success) return Unknown;
        var kube = KubeClient().Match(text);
        return new HelmVersion(int.Parse(version.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(version.Groups[2].Value, CultureInfo.InvariantCulture),
            kube.Success ? kube.Groups[1].Value + ".0" : Unknown.DefaultKubeVersion);
    }

    [GeneratedRegex(@"Version:""v(\d{1,6})\.(\d{1,6})\.", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    [GeneratedRegex(@"KubeClientVersion:""(v\d+\.\d+)""", RegexOptions.CultureInvariant)]
    private static partial Regex KubeClient();
}
