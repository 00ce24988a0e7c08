using System.Globalization;
using System.Text;

namespace SecretsKit.KeyService;

/// <summary>
/// The key service's log on stderr, one line per event in sops's shape (<c>[KEYSERVICE]	 INFO[time] message</c>). Messages
/// carry client text (method paths, key names, reasons): every control character, and the Unicode line and paragraph
/// separators, is written escaped (<c>\n</c>, <c>\x1b</c>, <c>\u2028</c>), so no request can end a line or forge another; a line
/// stops after <see cref="MaxMessageLength"/> characters.
/// </summary>
internal sealed class KeyServiceLog(TextWriter writer, TimeProvider time)
{
    public const int MaxMessageLength = 1000;

    public void Write(string message)
    {
        var line = $"[KEYSERVICE]\t INFO[{time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}] {Escape(message)}";
        lock (writer) writer.WriteLine(line);
    }

    public static string Escape(string text)
    {
        var output = new StringBuilder(Math.Min(text.Length, MaxMessageLength) + 16);
        foreach (var c in text)
        {
            if (output.Length >= MaxMessageLength)
            {
                output.Append("…(cut)");
                break;
            }
            switch (c)
            {
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\\': output.Append("\\\\"); break;
                case < ' ' or '\x7f' or '\u0085':
                    output.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                case '\u2028' or '\u2029':
                    output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: output.Append(c); break;
            }
        }
        return output.ToString();
    }
}
