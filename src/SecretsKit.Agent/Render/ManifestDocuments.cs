namespace SecretsKit.Agent.Render;

/// <summary>
/// The documents of a YAML stream as texts, split at the document markers, so that a document that cannot be read (an
/// alias bomb, too deep, a duplicate or complex key, a character YAML forbids, over the size budget) fails alone and
/// the others of the same file are still read. YAML forbids a line that starts with <c>---</c> or <c>...</c> followed
/// by a space, a tab or the line's end inside any scalar (block, plain or quoted), so such a line always is a document
/// marker and the split is exact without parsing. Directives and comments before a <c>---</c> stay with the document
/// that marker starts.
/// </summary>
internal static class ManifestDocuments
{
    /// <summary>
    /// One document's text, the 1-based line of the input the text starts on (its marker's, if any) and the line its
    /// content starts on (the line after a marker that has nothing else), for messages.
    /// </summary>
    public readonly record struct Piece(string Text, int TextLine, int FirstLine);

    public static List<Piece> Split(string text)
    {
        var pieces = new List<Piece>();
        int start = 0, startLine = 1, firstLine = 1, line = 1;
        var content = false; // the current piece has a line that is neither blank, a comment nor a directive
        for (var at = 0; at < text.Length;)
        {
            var end = text.IndexOf('\n', at);
            var next = end < 0 ? text.Length : end + 1;
            if (IsMarker(text, at, "---"))
            {
                if (content)
                {
                    pieces.Add(new Piece(text[start..at], startLine, firstLine));
                    (start, startLine) = (at, line);
                }
                content = HasContent(text, at + 3, next); // "--- value": the marker's own line has the document's content
                firstLine = content ? line : line + 1;
            }
            else if (IsMarker(text, at, "..."))
            {
                if (content) pieces.Add(new Piece(text[start..next], startLine, firstLine));
                (start, startLine, firstLine, content) = (next, line + 1, line + 1, false);
            }
            else content |= HasContent(text, at, next);
            at = next;
            line++;
        }
        if (start < text.Length && (content || pieces.Count == 0)) pieces.Add(new Piece(text[start..], startLine, firstLine));
        return pieces;
    }

    private static bool IsMarker(string text, int at, string marker) =>
        string.CompareOrdinal(text, at, marker, 0, 3) == 0
        && (at + 3 == text.Length || text[at + 3] is ' ' or '\t' or '\n' or '\r');

    private static bool HasContent(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF') continue;
            return c is not '#' and not '%';
        }
        return false;
    }
}
