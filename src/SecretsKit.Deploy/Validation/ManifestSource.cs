using System.Text;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// A stream of manifests to validate: who it comes from (a release id or a file), its text, and the namespace objects
/// without one land in. A file or stdin read as bytes (<see cref="FromUtf8"/>) stays UTF-8: the validator splits and parses
/// it there, so a one-shot process neither decodes the whole input on one thread nor holds it twice;
/// <see cref="Text"/> is decoded the first time it is asked for.
/// </summary>
public sealed class ManifestSource
{
    private string? _text;

    public ManifestSource(string origin, string text, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Origin = origin;
        _text = text;
        DefaultNamespace = defaultNamespace;
    }

    private ManifestSource(string origin, ReadOnlyMemory<byte> utf8, string? defaultNamespace)
    {
        Origin = origin;
        Utf8 = utf8;
        DefaultNamespace = defaultNamespace;
    }

    /// <summary>A source of the first <paramref name="length"/> bytes of <paramref name="utf8"/>, UTF-8 (an invalid sequence
    /// reads as U+FFFD, as a decoder reads it). The documents' trees read their texts from these bytes: they must not
    /// change afterwards.</summary>
    public static ManifestSource FromUtf8(string origin, byte[] utf8, int length, string? defaultNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        return new(origin, utf8.AsMemory(0, length), defaultNamespace);
    }

    /// <summary>As <see cref="FromUtf8(string, byte[], int, string?)"/>, of memory that is not an array's (a file mapped
    /// into memory): it must stay readable and unchanged while the source or any tree parsed from it is in use.</summary>
    public static ManifestSource FromUtf8(string origin, ReadOnlyMemory<byte> utf8, string? defaultNamespace = null) => new(origin, utf8, defaultNamespace);

    public string Origin { get; }

    public string? DefaultNamespace { get; }

    /// <summary>The text; for a source made from bytes, decoded once, when first asked for.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Utf8.Span);

    /// <summary>The bytes a source was made from (<see cref="FromUtf8(string, byte[], int, string?)"/>); empty for one made
    /// from text (or of no bytes, whose text is as empty).</summary>
    internal ReadOnlyMemory<byte> Utf8 { get; }
}
