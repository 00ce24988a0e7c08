using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// The key of a helm <c>--set key=value</c> item as helm's strvals reads it: dots nest (<c>a.b</c>), <c>\.</c> is a
/// literal dot, <c>name[2]</c> is a list index. Each segment is a map key or (when <see cref="Segment.Index"/> ≥ 0) an index.
/// </summary>
internal sealed record SetKeyPath(string Text, IReadOnlyList<SetKeyPath.Segment> Segments)
{
    public readonly record struct Segment(string? Key, int Index);

    public static SetKeyPath Parse(string text)
    {
        var segments = new List<Segment>();
        var name = new StringBuilder();
        var named = false;
        void Flush()
        {
            if (named) segments.Add(new Segment(name.ToString(), -1));
            name.Clear();
            named = false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                name.Append(text[++i]);
                named = true;
                continue;
            }
            if (c == '.')
            {
                if (!named && (segments.Count == 0 || text[i - 1] != ']')) throw Invalid(text);
                Flush();
                continue;
            }
            if (c == '[')
            {
                Flush();
                var close = text.IndexOf(']', i);
                if (segments.Count == 0 || close < 0
                    || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index > 65536)
                {
                    throw Invalid(text);
                }
                segments.Add(new Segment(null, index));
                i = close;
                continue;
            }
            name.Append(c);
            named = true;
        }
        Flush();
        if (segments.Count == 0 || text.EndsWith('.')) throw Invalid(text);
        return new SetKeyPath(text, segments);
    }

    private static SecretsKitException Invalid(string text) =>
        new(ExitCodes.Generic, $"--set key '{text}' is not a key path this wrapper can move to a values file",
            "use dotted keys (a.b.c), \\. for a literal dot and name[0] for a list index");
}
