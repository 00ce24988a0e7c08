namespace SecretsKit.Core.Metadata;

/// <summary>Which values get encrypted (spec §3). At most one of the six settings may be set.</summary>
public sealed record CryptRules(
    string? UnencryptedSuffix = null,
    string? EncryptedSuffix = null,
    string? UnencryptedRegex = null,
    string? EncryptedRegex = null,
    string? UnencryptedCommentRegex = null,
    string? EncryptedCommentRegex = null)
{
    public const string DefaultUnencryptedSuffix = "_unencrypted";

    /// <summary>The default when none is set: <c>unencrypted_suffix: _unencrypted</c>.</summary>
    public static CryptRules Default { get; } = new(UnencryptedSuffix: DefaultUnencryptedSuffix);

    public int CountSet() =>
        new[] { UnencryptedSuffix, EncryptedSuffix, UnencryptedRegex, EncryptedRegex, UnencryptedCommentRegex, EncryptedCommentRegex }
            .Count(s => !string.IsNullOrEmpty(s));

    /// <summary>This rule set, or the default suffix when none is set.</summary>
    public CryptRules OrDefault() => CountSet() == 0 ? Default : this;
}
