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

    private ManifestSource(string origin, byte[] utf8, int length, string? defaultNamespace)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, utf8.Length);
        Origin = origin;
        (Utf8Array, Utf8Length) = (utf8, length);
        DefaultNamespace = defaultNamespace;
    }

    /// <summary>A source of the first <paramref name="length"/> bytes of <paramref name="utf8"/>, UTF-8 (an invalid sequence
    /// reads as U+FFFD, as a decoder reads it). The documents' trees read their texts from these bytes: they must not
    /// change afterwards.</summary>
    public static ManifestSource FromUtf8(string origin, byte[] utf8, int length, string? defaultNamespace = null) => new(origin, utf8, length, defaultNamespace);

    public string Origin { get; }

    public string? DefaultNamespace { get; }

    /// <summary>The text; for a source made from bytes, decoded once, when first asked for.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Utf8Array!, 0, Utf8Length);

    /// <summary>The bytes a source was made from (<see cref="FromUtf8"/>; the first <see cref="Utf8Length"/> of them); null for one made from text.</summary>
    internal byte[]? Utf8Array { get; }

    internal int Utf8Length { get; }
}
