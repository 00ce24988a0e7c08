using SecretsKit.Deploy.Charts;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// A CHART argument: its full path, the spelling it is shown in, and where it is unpacked when it is a packaged chart
/// (a file rather than a folder, loaded as an archive whatever its name, as helm's loader and helm-unittest load it).
/// </summary>
internal sealed record ChartSource(string FullPath, string Shown, string UnpackTo)
{
    /// <summary>The chart folder helm renders: the argument itself, or the archive unpacked (<see cref="ChartArchive"/>) into the private directory.</summary>
    public string Directory()
    {
        if (System.IO.Directory.Exists(FullPath) || !File.Exists(FullPath)) return FullPath;
        ChartArchive.Extract(FullPath, UnpackTo, Shown);
        return UnpackTo;
    }
}
