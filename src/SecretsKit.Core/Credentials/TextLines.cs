namespace SecretsKit.Core.Credentials;

/// <summary>The 1-based line of a character index in a text, by binary search over the line starts (found once).</summary>
internal sealed class TextLines
{
    private readonly List<int> _starts = [0];

    public TextLines(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') _starts.Add(i + 1);
        }
        Text = text;
    }

    public string Text { get; }

    public int LineOf(int index)
    {
        var at = _starts.BinarySearch(index);
        return (at >= 0 ? at : ~at - 1) + 1;
    }

    /// <summary>The text of a 1-based line, without its line break.</summary>
    public string Line(int line)
    {
        var start = _starts[line - 1];
        var end = line < _starts.Count ? _starts[line] - 1 : Text.Length;
        return Text[start..end].TrimEnd('\r');
    }
}
