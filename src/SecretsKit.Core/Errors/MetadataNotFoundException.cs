namespace SecretsKit.Core.Errors;

/// <summary>
/// "sops metadata not found" (exit 1, as sops): the input has no <c>sops</c> block (a top-level key, <c>sops_…</c> lines or a
/// <c>[sops]</c> section), so it is not an encrypted file. Callers that read a file either way (plaintext or encrypted)
/// decide by this type.
/// </summary>
public sealed class MetadataNotFoundException : SecretsKitException
{
    /// <summary>sops's message.</summary>
    public const string Text = "sops metadata not found";

    public MetadataNotFoundException(string hint)
        : base(ExitCodes.Generic, Text, hint)
    {
    }

    private MetadataNotFoundException(string message, string? hint, Exception inner)
        : base(ExitCodes.Generic, message, hint, inner)
    {
    }

    /// <summary>The same error, its message naming <paramref name="fileName"/> first.</summary>
    public MetadataNotFoundException InFile(string fileName) => new($"{fileName}: {Message}", Hint, this);

    /// <summary>The same error with another hint.</summary>
    public MetadataNotFoundException WithHint(string hint) => new(Message, hint, this);
}
