namespace SecretsKit.Core.Errors;

/// <summary>
/// A key group with no keys, or a creation rule with no keys at all: sops's <c>Could not generate data key: [empty key
/// group provided]</c> (sops.go's GenerateDataKeyWithKeyServices, wrapped by cmd/sops/encrypt.go), exit 1. The CLI
/// started as <c>sops</c> prints that line alone, as sops does.
/// </summary>
public sealed class EmptyKeyGroupException(string? hint = null) : SecretsKitException(ExitCodes.Generic, SopsText, hint)
{
    public const string SopsText = "Could not generate data key: [empty key group provided]";
}
