using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// Loads text into a YamlDotNet <see cref="YamlStream"/>. On some malformed input YamlDotNet's scanner throws other
/// exceptions than <see cref="YamlException"/> (<c>"            : {\ne"</c> gives an <see cref="InvalidOperationException"/>
/// from <c>ScanPlainScalar</c>; the values-file reader met the same kinds in its fuzz campaign). Every load of text
/// from a file goes through here, so callers handle one exception type, positioned after the last event read, and a
/// malformed file is reported as such, never as an unexpected crash.
/// </summary>
public static class YamlStreamLoader
{
    public static void Load(YamlStream stream, string text)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var parser = new Tracking(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new YamlException(parser.Last, parser.Last, "invalid YAML syntax after this point", e);
        }
    }

    /// <summary>The parser, remembering where the last event it gave ended.</summary>
    private sealed class Tracking(IParser inner) : IParser
    {
        public Mark Last { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current) Last = current.End;
            return moved;
        }
    }
}
