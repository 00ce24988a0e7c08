using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Where one value file's bytes come from: a local file or an <c>http(s)://</c> URL fetched with
/// <paramref name="Remote"/>'s credentials. <paramref name="Key"/> (the full path or the URL) is what makes two specs
/// the same file, <paramref name="Shown"/> names it in logs and errors, <paramref name="FileName"/> gives the format by
/// its extension. <paramref name="ViaGetter"/> marks a <c>secrets://http…</c> spec, which helm-secrets leaves to its
/// getter (so a failed download is said in the getter's words). A local file is read up to 16 MiB
/// (<see cref="Input.BoundedFile"/>), so <c>-f /dev/zero</c> is refused instead of read forever.
/// </summary>
internal sealed record ValueFileSource(string Key, string Shown, string FileName, string? LocalPath, IEnvironment? Remote, bool Optional = false, bool ViaGetter = false)
{
    public static ValueFileSource Local(string fullPath, string shown) => new(fullPath, shown, fullPath, fullPath, null);

    /// <summary>An <c>http(s)://</c> file; an <paramref name="optional"/> one that cannot be fetched counts as empty (helm-secrets' <c>?</c>).</summary>
    public static ValueFileSource Http(string url, IEnvironment environment, bool optional = false, bool viaGetter = false) =>
        new(url, RemoteValueFile.Redact(url), RemoteValueFile.FileName(url), null, environment, optional, viaGetter);

    public Task<byte[]> ReadAsync(CancellationToken ct) =>
        Remote is { } environment ? RemoteValueFile.FetchAsync(Key, environment, ct) : Input.BoundedFile.ReadBytesAsync(Key, Shown, ct);
}
