using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace SecretsKit.Agent.Metrics;

/// <summary>
/// Prometheus text written as UTF-8 straight into a <see cref="PipeWriter"/> (the HTTP response), a line at a time, so a
/// scrape costs a small buffer, not the whole text: at 100,000 ExternalSecrets the text is about 36 MB, which as a
/// string (and its builder, and its UTF-8 copy) did not fit in a 240 MB heap and made <c>/metrics</c> answer 500.
/// The caller flushes when <see cref="ShouldFlush"/> says enough is buffered.
/// </summary>
internal sealed class PrometheusText(PipeWriter output)
{
    private const int FlushAt = 32 * 1024;
    private const int MaxNumber = 32;
    private int _buffered;

    public bool ShouldFlush => _buffered >= FlushAt;

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        await output.FlushAsync(ct);
        _buffered = 0;
    }

    /// <summary><c># HELP</c> and <c># TYPE</c> of one metric.</summary>
    public void Header(string name, string help, string type)
    {
        Raw("# HELP "); Raw(name); Raw(" "); Raw(help); Raw("\n# TYPE "); Raw(name); Raw(" "); Raw(type); Raw("\n");
    }

    /// <summary>Opens a sample: <c>name{</c>; labels follow with <see cref="Label"/>, then <see cref="Value(long)"/>.</summary>
    public void Open(string name)
    {
        Raw(name);
        Raw("{");
    }

    /// <summary>One label, its value escaped as the text format says (backslash, double quote, line feed).</summary>
    public void Label(string name, string value, bool first = false)
    {
        if (!first) Raw(",");
        Raw(name);
        Raw("=\"");
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escaped = value[i] switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => null };
            if (escaped is null) continue;
            Raw(value.AsSpan(start, i - start));
            Raw(escaped);
            start = i + 1;
        }
        Raw(value.AsSpan(start));
        Raw("\"");
    }

    /// <summary>Closes the labels and writes the sample's value and the line's end.</summary>
    public void Value(long value)
    {
        Raw("} ");
        Number(value);
        Raw("\n");
    }

    /// <summary>Closes the labels and writes a value with up to three decimals.</summary>
    public void Value(double value)
    {
        Raw("} ");
        var span = output.GetSpan(MaxNumber);
        if (!value.TryFormat(span, out var written, "0.###", CultureInfo.InvariantCulture)) throw new FormatException("a metric value did not fit");
        Advance(written);
        Raw("\n");
    }

    /// <summary>A sample without labels: <c>name value</c>.</summary>
    public void Plain(string name, long value)
    {
        Raw(name);
        Raw(" ");
        Number(value);
        Raw("\n");
    }

    private void Number(long value)
    {
        var span = output.GetSpan(MaxNumber);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture)) throw new FormatException("a metric value did not fit");
        Advance(written);
    }

    private void Raw(ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void Advance(int count)
    {
        output.Advance(count);
        _buffered += count;
    }
}
