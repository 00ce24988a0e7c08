using System.Text;

namespace SecretsKit.Go.Fmt;

/// <summary>The flags, width and precision of one <c>fmt</c> verb, and Go's padding rules (widths count runes).</summary>
internal sealed class GoFormatState(StringBuilder buffer, long budget)
{
    public bool Sharp, Zero, Plus, Minus, Space, SharpV, PlusV;
    public int Width, Precision;
    public bool WidthPresent, PrecisionPresent;

    public StringBuilder Buffer { get; } = buffer;

    public void Clear()
    {
        Sharp = Zero = Plus = Minus = Space = SharpV = PlusV = false;
        Width = Precision = 0;
        WidthPresent = PrecisionPresent = false;
    }

    /// <summary>Appends, failing before the result would pass the output budget.</summary>
    public void Write(string s)
    {
        Reserve(s.Length);
        Buffer.Append(s);
    }

    public void Write(char c)
    {
        Reserve(1);
        Buffer.Append(c);
    }

    public void Reserve(long more)
    {
        if (budget > 0 && Buffer.Length + more > budget)
        {
            throw new GoLimitException($"result exceeds the template output limit of {budget} characters");
        }
    }

    public void WritePadding(int n)
    {
        if (n <= 0) return;
        Reserve(n);
        Buffer.Append(Zero ? '0' : ' ', n);
    }

    /// <summary>Go's <c>fmt.pad</c>: pads to the width (in runes), left unless <c>-</c>.</summary>
    public void Pad(string s)
    {
        if (!WidthPresent || Width == 0)
        {
            Write(s);
            return;
        }
        var width = Width - RuneCount(s);
        if (!Minus)
        {
            WritePadding(width);
            Write(s);
        }
        else
        {
            Write(s);
            WritePadding(width);
        }
    }

    /// <summary><see cref="Pad"/> with zero padding off (Go does this for numbers already zero-filled, NaN, Inf).</summary>
    public void PadSpaces(string s)
    {
        var old = Zero;
        Zero = false;
        Pad(s);
        Zero = old;
    }

    public static int RuneCount(string s)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>The first <paramref name="runes"/> runes of <paramref name="s"/> (Go's precision on <c>%s</c>).</summary>
    public static string TruncateRunes(string s, int runes)
    {
        var n = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (n == runes) return s[..i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return s;
    }
}
