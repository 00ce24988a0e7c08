namespace SecretsKit.Cli.Tests.Files;

/// <summary>Makes a directory unwritable, also for root (which ignores modes): the immutable attribute, else mode 0555.</summary>
internal static class ReadOnly
{
    private static bool IsRoot => Environment.UserName == "root";

    public static string Command(string dir) => IsRoot ? $"chattr +i '{dir}'" : $"chmod 555 '{dir}'";

    public static void Set(string dir, bool on)
    {
        if (IsRoot)
        {
            using var p = System.Diagnostics.Process.Start("chattr", new[] { on ? "+i" : "-i", dir });
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
        else
        {
            File.SetUnixFileMode(dir, on ? (UnixFileMode)0b101_101_101 : (UnixFileMode)0b111_101_101);
        }
    }
}
