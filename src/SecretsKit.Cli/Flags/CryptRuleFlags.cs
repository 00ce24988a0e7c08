using System.CommandLine;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Cli.Flags;

/// <summary>The six crypt-rule flags and <c>--mac-only-encrypted</c>.</summary>
internal sealed class CryptRuleFlags
{
    public Option<string?> UnencryptedSuffix { get; } = new("--unencrypted-suffix") { Description = "keys ending with this suffix are left in plaintext (default _unencrypted)" };
    public Option<string?> EncryptedSuffix { get; } = new("--encrypted-suffix") { Description = "only keys ending with this suffix are encrypted" };
    public Option<string?> UnencryptedRegex { get; } = new("--unencrypted-regex") { Description = "keys matching this regex are left in plaintext" };
    public Option<string?> EncryptedRegex { get; } = new("--encrypted-regex") { Description = "only keys matching this regex are encrypted" };
    public Option<string?> UnencryptedCommentRegex { get; } = new("--unencrypted-comment-regex") { Description = "values after a comment matching this regex stay plaintext" };
    public Option<string?> EncryptedCommentRegex { get; } = new("--encrypted-comment-regex") { Description = "only values after a comment matching this regex are encrypted" };
    public Option<bool> MacOnlyEncrypted { get; } = new("--mac-only-encrypted") { Description = "compute the MAC over encrypted values only" };

    public void AddTo(Command command)
    {
        command.Add(UnencryptedSuffix);
        command.Add(EncryptedSuffix);
        command.Add(UnencryptedRegex);
        command.Add(EncryptedRegex);
        command.Add(UnencryptedCommentRegex);
        command.Add(EncryptedCommentRegex);
        command.Add(MacOnlyEncrypted);
    }

    /// <summary>The rules given on the command line, or null when none was.</summary>
    public CryptRules? Read(ParseResult r)
    {
        var rules = new CryptRules(r.GetValue(UnencryptedSuffix), r.GetValue(EncryptedSuffix), r.GetValue(UnencryptedRegex),
            r.GetValue(EncryptedRegex), r.GetValue(UnencryptedCommentRegex), r.GetValue(EncryptedCommentRegex));
        return rules.CountSet() == 0 ? null : rules;
    }
}
