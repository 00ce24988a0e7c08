using System.Globalization;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// YAML that SecretsKit reads but sops 3.13 refuses, because yaml.v3 (v3.0.4) refuses it before any node is built:
/// a character outside YAML's printable set (<c>control characters are not allowed</c>: NUL, C0 controls other than
/// tab, LF and CR, DEL, C1 controls other than NEL, U+FFFE, U+FFFF) anywhere in the stream, and a <c>%YAML</c> directive
/// for any version but 1.1 (<c>found incompatible YAML document</c>). YamlDotNet skips a NUL line and keeps other
/// controls in the value, and reads <c>%YAML 1.2</c> documents as it reads undirected ones, which is how SecretsKit
/// resolves every document anyway, so nothing is read differently from the file without them: SecretsKit warns.
/// </summary>
internal static class YamlSopsRefusals
{
    private const string Tail = "; read anyway";

    /// <summary>The first refusal, in one line with a line number and a code point or version, or null.</summary>
    public static string? Find(ReadOnlySpan<byte> input)
    {
        var line = 1;
        var lineStart = true;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (lineStart && b == (byte)'%' && Directive(input[i..]) is { } version)
            {
                return $"sops 3.13 refuses this file: '%YAML {version}' on line {line} (yaml.v3 reads only 1.1: \"found incompatible YAML document\"){Tail}";
            }
            lineStart = b == (byte)'\n';
            if (b == (byte)'\n') line++;
            if (ControlAt(input, i) is { } codePoint)
            {
                return $"sops 3.13 refuses this file: U+{codePoint.ToString("X4", CultureInfo.InvariantCulture)} on line {line} (yaml.v3: \"control characters are not allowed\"){Tail}";
            }
        }
        return null;
    }

    /// <summary>The code point of a character yaml.v3 refuses starting at <paramref name="i"/>, or null.</summary>
    private static int? ControlAt(ReadOnlySpan<byte> input, int i)
    {
        var b = input[i];
        if (b < 0x20) return b is (byte)'\t' or (byte)'\n' or (byte)'\r' ? null : b;
        if (b == 0x7F) return b;
        if (b == 0xC2 && i + 1 < input.Length && input[i + 1] is >= 0x80 and <= 0x9F and not 0x85) return input[i + 1];
        if (b == 0xEF && i + 2 < input.Length && input[i + 1] == 0xBF && input[i + 2] is 0xBE or 0xBF) return 0xFF00 | input[i + 2];
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
