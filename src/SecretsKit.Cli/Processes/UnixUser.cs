using System.Runtime.InteropServices;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Processes;

/// <summary>
/// <c>exec-env</c>/<c>exec-file --user NAME</c>, as sops 3.13.2: the command runs with the user's uid, primary gid and
/// supplementary groups (from the user and group databases), with <c>HOME</c>, <c>USER</c> and <c>LOGNAME</c> set to
/// the user's. Switching needs root; otherwise the run stops before anything is decrypted.
/// </summary>
internal sealed record UnixUser(string Name, uint Uid, uint Gid, string Home)
{
    /// <summary>Looks the user up (the name must exist) and checks that this process may switch to it.</summary>
    public static UnixUser Resolve(string name)
    {
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, "--user needs a user name");
        }
        var entry = GetPwNam(CString(name));
        if (entry == IntPtr.Zero)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"--user: unknown user '{name}'", "give a user name from the user database (getent passwd)");
        }
        // struct passwd: pw_name, pw_passwd (pointers), pw_uid, pw_gid (uint32), pw_gecos, pw_dir, pw_shell (pointers)
        var user = new UnixUser(
            Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, 0)) ?? name,
            (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size),
            (uint)Marshal.ReadInt32(entry, (2 * IntPtr.Size) + 4),
            Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry, (2 * IntPtr.Size) + 8 + IntPtr.Size)) ?? "/");
        if (GetEUid() != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"--user {name} needs root: only root can run the command as another user",
                "run secretskit as root (e.g. with sudo), or drop --user");
        }
        return user;
    }

    /// <summary>The variables sops adds for the user; they override inherited ones.</summary>
    public IEnumerable<KeyValuePair<string, string>> Variables =>
        [new("HOME", Home), new("USER", Name), new("LOGNAME", Name)];

    /// <summary>Gives <paramref name="path"/> (the private temp dir and the plaintext in it) to the user, so only it can read them.</summary>
    public void Own(string path)
    {
        if (Chown(CString(path), Uid, Gid) != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"--user {Name}: cannot hand the temporary file to the user (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>Switches this process to the user for good (supplementary groups, gid, then uid); for <c>--same-process</c>, right before execve.</summary>
    public void SwitchProcess()
    {
        if (InitGroups(CString(Name), Gid) != 0 || SetGid(Gid) != 0 || SetUid(Uid) != 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"--user {Name}: cannot switch to the user (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static byte[] CString(string value) => System.Text.Encoding.UTF8.GetBytes(value + "\0");

    [DllImport("libc", EntryPoint = "getpwnam", SetLastError = true)]
    private static extern IntPtr GetPwNam(byte[] name);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEUid();

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(byte[] path, uint owner, uint group);

    [DllImport("libc", EntryPoint = "initgroups", SetLastError = true)]
    private static extern int InitGroups(byte[] user, uint group);

    [DllImport("libc", EntryPoint = "setgid", SetLastError = true)]
    private static extern int SetGid(uint gid);

    [DllImport("libc", EntryPoint = "setuid", SetLastError = true)]
    private static extern int SetUid(uint uid);
}
