using System.Security.Cryptography;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// Who holds a release lock, as the Lease's <c>holderIdentity</c> says it: <c>user@host:pid/run</c>, the run part
/// random so two runs of one process (or a reused pid) never share an identity.
/// </summary>
public static class LockHolder
{
    /// <summary>The identity of this process's run: <c>$USER</c> (else the account name), the host, the process id and 8 random hex digits.</summary>
    public static string Create(IEnvironment environment)
    {
        var user = environment.Get("USER") is { Length: > 0 } u ? u : Environment.UserName;
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return $"{Clean(user)}@{Clean(Environment.MachineName)}:{Environment.ProcessId}/{run}";
    }

    /// <summary>Keeps the identity one printable line of bounded length, whatever the variables hold.</summary>
    private static string Clean(string part)
    {
        var kept = new string(part.Where(c => !char.IsControl(c) && c != ' ').Take(64).ToArray());
        return kept.Length == 0 ? "unknown" : kept;
    }
}
