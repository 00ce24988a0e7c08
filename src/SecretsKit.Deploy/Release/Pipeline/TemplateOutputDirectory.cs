using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// helmfile's <c>template --output-dir DIR</c>: each release's manifests go under
/// <c>DIR/&lt;state file name without extension&gt;-&lt;first 8 hex of the SHA-1 of its absolute path&gt;-&lt;release&gt;</c>
/// (helmfile's default <c>--output-dir-template</c>), one file per template as <c>helm template --output-dir</c> writes
/// them: <c>&lt;chart&gt;/templates/x.yaml</c> holding every <c>---\n# Source: …</c> document of that template, and a
/// <c>wrote PATH</c> line per document on stdout. The manifests written are the ones <c>template</c> prints (secrets
/// redacted). A source path that would leave the release's folder is refused: it comes from the chart.
/// </summary>
public static class TemplateOutputDirectory
{
    private const string SourceMarker = "---\n# Source: ";

    /// <summary>Writes <paramref name="manifests"/> of release <paramref name="release"/> of state <paramref name="statePath"/>; returns the <c>wrote</c> lines.</summary>
    public static string Write(string outputDir, string statePath, string release, string manifests)
    {
        var folder = Path.GetFullPath(Path.Combine(outputDir, ReleaseFolder(statePath, release)));
        var written = new StringBuilder();
        foreach (var group in Blocks(manifests).GroupBy(b => b.Source))
        {
            var target = Path.GetFullPath(Path.Combine(folder, group.Key));
            if (Path.IsPathRooted(group.Key) || !target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"release {release}: template source '{group.Key}' is not a path inside the release's output folder",
                    "the chart names its templates oddly; render without --output-dir");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, Encoding.UTF8.GetBytes(string.Concat(group.Select(b => b.Text))));
            foreach (var _ in group) written.Append("wrote ").Append(target).Append('\n');
        }
        return written.ToString();
    }

    /// <summary>helmfile's default folder name of a release: <c>{{ .State.BaseName }}-{{ .State.AbsPathSHA1 }}-{{ .Release.Name }}</c>.</summary>
    public static string ReleaseFolder(string statePath, string release)
    {
        if (release.Length == 0 || release.Contains('/', StringComparison.Ordinal) || release.Contains('\\', StringComparison.Ordinal) || release is "." or "..")
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release name '{release}' cannot name a folder under --output-dir");
        }
        var name = Path.GetFileName(statePath);
        var baseName = name[..^Path.GetExtension(name).Length];
#pragma warning disable CA5350 // helmfile names the folder by this SHA-1 of the path; nothing is protected by it
        var hash = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(statePath))))[..8];
#pragma warning restore CA5350
        return $"{baseName}-{hash}-{release}";
    }

    /// <summary>The documents of <c>helm template</c>'s output, each with its <c># Source:</c> path and its text as helm printed it.</summary>
    private static IEnumerable<(string Source, string Text)> Blocks(string manifests)
    {
        var starts = new List<int>();
        for (var at = manifests.IndexOf(SourceMarker, StringComparison.Ordinal); at >= 0; at = manifests.IndexOf(SourceMarker, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || manifests[at - 1] == '\n') starts.Add(at);
        }
        for (var i = 0; i < starts.Count; i++)
        {
            var text = manifests[starts[i]..(i + 1 < starts.Count ? starts[i + 1] : manifests.Length)];
            var eol = text.IndexOf('\n', SourceMarker.Length);
            yield return (text[SourceMarker.Length..(eol < 0 ? text.Length : eol)], text);
        }
    }
}
