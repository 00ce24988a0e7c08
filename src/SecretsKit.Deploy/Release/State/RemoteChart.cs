namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// Whether a release's chart comes from a repository (<c>repo/name</c>, <c>oci://…</c>, a chart URL) rather than a
/// local directory: <c>helm lint</c> takes only a directory, so such a chart is pulled first, as helmfile does.
/// </summary>
internal static class RemoteChart
{
    /// <summary>
    /// A chart with a scheme, or a relative <c>name/chart</c> that is no directory or packaged chart under <paramref name="helmDirectory"/>
    /// (helm's working directory); <c>./x</c>, <c>../x</c> and absolute paths are local, as in helmfile.
    /// </summary>
    public static bool IsRemote(string chart, string helmDirectory)
    {
        if (chart.Contains("://", StringComparison.Ordinal)) return true;
        if (chart.StartsWith('.') || Path.IsPathRooted(chart) || !chart.Contains('/', StringComparison.Ordinal)) return false;
        var local = Path.Combine(helmDirectory, chart);
        return !Directory.Exists(local) && !File.Exists(local);
    }

    /// <summary>The chart directory <c>helm pull --untar</c> created in <paramref name="untarDirectory"/> (its only subdirectory), or null.</summary>
    public static string? Untarred(string untarDirectory) =>
        Directory.GetDirectories(untarDirectory) is [var only] && File.Exists(Path.Combine(only, "Chart.yaml")) ? only : null;
}
