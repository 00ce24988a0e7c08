using System.Text;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// Azure Arc's answer to its own challenge: the first token request gets <c>401</c> with
/// <c>WWW-Authenticate: Basic realm=PATH</c>, where PATH is a key file the Arc agent just wrote; its content goes back as
/// <c>Authorization: Basic CONTENT</c>. The endpoint is a local HTTP port, so its answer is checked as Azure.Identity
/// checks it before anything is opened: one challenge, a <c>.key</c> file directly in the Arc agent's token directory
/// (<c>/var/opt/azcmagent/tokens</c> on Linux, <c>%ProgramData%\AzureConnectedMachineAgent\Tokens</c> on Windows; stricter
/// than a prefix match, so <c>tokens-other/</c> and <c>..</c> do not pass), a regular file of at most 4096 bytes. The
/// content is never shown.
/// </summary>
internal static class AzureArcKeyFile
{
    public const int MaxBytes = 4096;

    /// <summary>The Arc agent's token directory on this platform.</summary>
    public static string DefaultDirectory => OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "AzureConnectedMachineAgent", "Tokens")
        : "/var/opt/azcmagent/tokens";

    /// <summary>The secret the challenge names, read from <paramref name="directory"/>; anything else is one line, and nothing is read.</summary>
    public static string Read(IReadOnlyList<string> challenges, string directory)
    {
        if (challenges.Count != 1) throw Refused(challenges.Count == 0 ? "answered 401 without a WWW-Authenticate challenge" : "answered 401 with more than one challenge");
        var challenge = challenges[0].Trim();
        const string prefix = "Basic realm=";
        if (!challenge.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || challenge.Length == prefix.Length)
        {
            throw Refused("answered 401 with a challenge that is not 'Basic realm=PATH'");
        }
        var path = challenge[prefix.Length..].Trim('"');
        var shown = Echo.Bounded(path, 120);
        var expected = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (path.Any(char.IsControl) || !Path.IsPathFullyQualified(path) || Path.GetFullPath(path) != path
            || !string.Equals(Path.GetDirectoryName(path), expected, comparison) || !path.EndsWith(".key", comparison))
        {
            throw Refused($"names '{shown}', which is not a .key file in {expected}; nothing was read");
        }
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null) throw Refused($"names '{shown}', which is not a regular file; nothing was read");
        if (info.Length > MaxBytes) throw Refused($"names '{shown}', which is larger than {MaxBytes} bytes; nothing was read");
        var buffer = new byte[MaxBytes + 1];
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused($"names '{shown}', which cannot be read ({e.GetType().Name})");
        }
        if (length > MaxBytes) throw Refused($"names '{shown}', which is larger than {MaxBytes} bytes");
        var secret = Encoding.UTF8.GetString(buffer, 0, length);
        if (secret.Length == 0 || secret.Any(char.IsControl)) throw Refused($"names '{shown}', which holds no usable key (empty, or control characters)");
        return secret;
    }

    private static SecretsKitException Refused(string why) => new(ExitCodes.Generic, $"azurekv: the Azure Arc identity endpoint {why}");
}
