using System.Net.Sockets;
using SecretsKit.Core.Errors;

namespace SecretsKit.KeyService;

/// <summary>The key service's unix socket path: checked free before listening, removed on every way out.</summary>
internal static class UnixSocketFile
{
    /// <summary>Like sops (net.Listen), an existing path is not replaced: it may be a live key service or not a socket at all.</summary>
    public static void CheckFree(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) return;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var live = false;
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            live = true;
        }
        catch (SocketException)
        {
            // not listening: a socket left by a killed server, or another file
        }
        throw new SecretsKitException(ExitCodes.Generic, live
            ? $"cannot listen on unix://{path}: another key service is listening there"
            : $"cannot listen on unix://{path}: the path exists",
            live ? null : "if it is a socket left by a stopped key service, remove it");
    }

    /// <summary>Removes the socket this process made; a path that is gone already is fine.</summary>
    public static void Remove(string path)
    {
        try
        {
            if ((File.GetAttributes(path) & FileAttributes.Directory) == 0) File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // already gone, or not ours to remove
        }
    }
}
