using System.Text.Json;

namespace SecretsKit.Deploy.Charts;

/// <summary>
/// A text template (NOTES.txt, *.txt) rendered by <c>helm template</c>, which drops NOTES.txt and cannot read other text
/// as YAML: the text becomes a define in a helper (<c>_secretskit-text-N.tpl</c>) and a document
/// (<c>secretskit-text-N.yaml</c>, shaped as a ConfigMap so that a server dry-run takes it) that includes it as a JSON
/// string beside the template's own path. helm prints that
/// document; <see cref="TryRead"/> turns it back into the text. The unittest stage and the release's policy stage both
/// render NOTES.txt this way.
/// </summary>
internal static class TextStandIn
{
    /// <summary>Keys of a stand-in document: the rendered text and the template's own path (<c>chart/templates/NOTES.txt</c>).</summary>
    public const string TextKey = "secretskitText";
    public const string PathKey = "secretskitTextPath";

    /// <summary>File name prefix of a stand-in document (<c>secretskit-text-N.yaml</c>) and its helper (<c>_secretskit-text-N.tpl</c>).</summary>
    public const string FilePrefix = "secretskit-text-";

    /// <summary>Writes the helper and the document for the text template <paramref name="text"/> (at <paramref name="path"/>) into <paramref name="templates"/>.</summary>
    public static void Write(string text, string templates, string index, string path)
    {
        foreach (var (file, content) in Files(text, index, path)) File.WriteAllText(System.IO.Path.Combine(templates, file), content);
    }

    /// <summary>The helper and the document for the text template <paramref name="text"/> (at <paramref name="path"/>): file names (in <c>templates/</c>) and contents.</summary>
    public static (string File, string Content)[] Files(string text, string index, string path)
    {
        var name = "secretskit-text:" + path;
        return [("_" + FilePrefix + index + ".tpl", "{{- define " + Quote(name) + " }}" + text + "{{ end }}"),
            (FilePrefix + index + ".yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + FilePrefix + index + "\n"
            + TextKey + ": {{ include " + Quote(name) + " . | toJson }}\n" + PathKey + ": " + Quote(path) + "\n")];
    }

    /// <summary>Whether helm's <c># Source:</c> path names a stand-in document or its helper.</summary>
    public static bool IsStandIn(string source) => System.IO.Path.GetFileName(source).TrimStart('_').StartsWith(FilePrefix, StringComparison.Ordinal);

    /// <summary>
    /// The template path and text of a stand-in document as helm printed it (the body below its <c># Source:</c>
    /// line); false for any other document.
    /// </summary>
    public static bool TryRead(string body, out string path, out string text)
    {
        (path, text) = ("", "");
        string? found = null, foundPath = null;
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith(TextKey + ": ", StringComparison.Ordinal)) found = JsonString(line[(TextKey.Length + 2)..]);
            else if (line.StartsWith(PathKey + ": ", StringComparison.Ordinal)) foundPath = JsonString(line[(PathKey.Length + 2)..]);
        }
        if (found is null || foundPath is null) return false;
        (path, text) = (foundPath, found);
        return true;
    }

    /// <summary>A JSON string literal (what <c>toJson</c> and <see cref="Quote"/> write), or null.</summary>
    private static string? JsonString(string literal)
    {
        try
        {
            using var doc = JsonDocument.Parse(literal.TrimEnd('\r'));
            return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A double-quoted literal that Go templates, YAML and JSON all read back as <paramref name="s"/> (a path may hold any character).</summary>
    private static string Quote(string s)
    {
        var b = new System.Text.StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            if (c is '"' or '\\') b.Append('\\').Append(c);
            else if (c < ' ' || c == '\u007f') b.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else b.Append(c);
        }
        return b.Append('"').ToString();
    }
}
