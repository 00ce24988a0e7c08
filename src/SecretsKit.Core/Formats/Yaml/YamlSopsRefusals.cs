using System.Buffers;
using System.Globalization;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// YAML that SecretsKit reads but sops 3.13 refuses, because yaml.v3 (v3.0.4) refuses it before any node is built:
/// a character outside YAML's printable set (<c>control characters are not allowed</c>: NUL, C0 controls other than
/// tab, LF and CR, DEL, C1 controls other than NEL, U+FFFE, U+FFFF) anywhere in the stream, and a <c>%YAML</c> directive
/// for any version but 1.1 (<c>found incompatible YAML document</c>). sops reads no value of such a file, so no sops
/// reading differs from SecretsKit's: YamlDotNet skips a NUL line and keeps other controls in the value, and a
/// <c>%YAML 1.2</c> document is resolved as every document is (yaml.v3's rules). SecretsKit reads it and warns.
/// </summary>
internal static class YamlSopsRefusals
{
    private const string Tail = "; read anyway";

    // The first byte of every character yaml.v3 refuses (C1 controls start with C2, U+FFFE and U+FFFF with EF).
    private static readonly SearchValues<byte> Suspects = SearchValues.Create(
        [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
         0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x7F, 0xC2, 0xEF]);

    /// <summary>The first refusal, in one line with a line number and a code point or version, or null.</summary>
    public static string? Find(ReadOnlySpan<byte> input)
    {
        var (directiveAt, version) = FirstDirective(input);
        var controlAt = -1;
        var codePoint = 0;
        for (var i = 0; i < directiveAt; i++)
        {
            var next = input[i..directiveAt].IndexOfAny(Suspects);
            if (next < 0) break;
            i += next;
            if (ControlAt(input, i) is { } found)
            {
                (controlAt, codePoint) = (i, found);
                break;
            }
        }
        if (controlAt >= 0)
        {
            return $"sops 3.13 refuses this file: U+{codePoint.ToString("X4", CultureInfo.InvariantCulture)} on line {LineOf(input, controlAt)} (yaml.v3: \"control characters are not allowed\"){Tail}";
        }
        return version is null ? null
            : $"sops 3.13 refuses this file: '%YAML {version}' on line {LineOf(input, directiveAt)} (yaml.v3 reads only 1.1: \"found incompatible YAML document\"){Tail}";
    }

    private static int LineOf(ReadOnlySpan<byte> input, int at) => input[..at].Count((byte)'\n') + 1;

    /// <summary>Where the first <c>%YAML</c> directive for another version than 1.1 starts, and its version; else the input's length.</summary>
    private static (int At, string? Version) FirstDirective(ReadOnlySpan<byte> input)
    {
        var at = 0;
        while (at < input.Length)
        {
            int lineStart;
            if (at == 0 && input.StartsWith("%YAML"u8))
            {
                lineStart = 0;
            }
            else
            {
                var next = input[at..].IndexOf("\n%YAML"u8);
                if (next < 0) break;
                lineStart = at + next + 1;
            }
            if (Directive(input[lineStart..]) is { } version) return (lineStart, version);
            at = lineStart + 1;
        }
        return (input.Length, null);
    }

    /// <summary>The code point of a character yaml.v3 refuses starting at <paramref name="i"/>, or null.</summary>
    private static int? ControlAt(ReadOnlySpan<byte> input, int i)
    {
        var b = input[i];
        if (b < 0x20) return b is (byte)'\t' or (byte)'\n' or (byte)'\r' ? null : b;
        if (b == 0x7F) return b;
        if (b == 0xC2 && i + 1 < input.Length && input[i + 1] is >= 0x80 and <= 0x9F and not 0x85) return input[i + 1];
        if (b == 0xEF && i + 2 < input.Length && input[i + 1] == 0xBF && input[i + 2] is 0xBE or 0xBF) return input[i + 2] == 0xBE ? 0xFFFE : 0xFFFF;
        return null;
    }

    /// <summary>The version of a <c>%YAML</c> directive line other than 1.1 (at most 16 characters), or null.</summary>
    private static string? Directive(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("%YAML"u8) || line.Length < 6 || line[5] is not ((byte)' ' or (byte)'\t')) return null;
        var rest = line[5..].TrimStart(" \t"u8);
        var length = 0;
        while (length < rest.Length && length < 16 && (char.IsAsciiDigit((char)rest[length]) || rest[length] == (byte)'.')) length++;
        var version = System.Text.Encoding.ASCII.GetString(rest[..length]);
        // yaml.v3 reads the major and minor numbers as integers: 1.01 is 1.1.
        var parts = version.Split('.');
        var isOneOne = parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major == 1
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor == 1;
        return isOneOne ? null : version;
    }
}
