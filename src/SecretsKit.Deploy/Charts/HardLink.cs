using System.Runtime.InteropServices;

namespace SecretsKit.Deploy.Charts;

/// <summary>
/// A second name for a file that is read, never written (a chart copy's unchanged files): a hard link (POSIX
/// <c>link</c>), which costs no data copy; a copy where links are not possible (another file system, Windows, a
/// protected link).
/// </summary>
internal static class HardLink
{
    public static void CreateOrCopy(string existing, string link)
    {
        if (!OperatingSystem.IsWindows() && Link(Path(existing), Path(link)) == 0) return;
        File.Copy(existing, link);
    }

    private static byte[] Path(string path) => System.Text.Encoding.UTF8.GetBytes(path + "\0");

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(byte[] existing, byte[] link);
}
