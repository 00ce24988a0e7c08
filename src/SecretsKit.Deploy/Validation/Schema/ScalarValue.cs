using System.Globalization;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A YAML scalar as Kubernetes' decoder (sigs.k8s.io/yaml, YAML 1.1 resolution) types it: quoted and block scalars
/// are strings; plain ones may be null, booleans (<c>true</c>, <c>yes</c>, <c>on</c>, …), integers or floats.
/// <see cref="Text"/> is canonical for comparing against an enum, never printed for a document's value.
/// </summary>
internal readonly struct ScalarValue : IEquatable<ScalarValue>
{
    private readonly string? _text;

    /// <summary>A string scalar whose text is read from the node only when asked for (a block scalar's may not be made yet).</summary>
    private readonly ManifestScalar? _source;

    public ScalarValue(ScalarKind kind, string text)
    {
        Kind = kind;
        _text = text;
    }

    private ScalarValue(ManifestScalar source)
    {
        Kind = ScalarKind.String;
        _source = source;
    }

    public ScalarKind Kind { get; }

    public string Text => _text ?? _source!.Value;

    private static readonly HashSet<string> SpecialFloats = new(StringComparer.Ordinal)
    {
        ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
    };

    private static readonly System.Buffers.SearchValues<char> FloatChars = System.Buffers.SearchValues.Create("0123456789.eE+-_");

    public static ScalarValue Of(ManifestScalar node)
    {
        if (!node.Plain || node.Tag is "tag:yaml.org,2002:str" or "!!str") return new ScalarValue(node);
        return Resolve(node.Value);
    }

    /// <summary>Whether <see cref="Of"/> types <paramref name="node"/> as null, found without typing it otherwise.</summary>
    public static bool IsNull(ManifestScalar node) =>
        node.Plain && node.Tag is not ("tag:yaml.org,2002:str" or "!!str") && IsNullText(node.Value);

    /// <summary>YAML 1.1's spellings of null.</summary>
    private static bool IsNullText(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    public bool Equals(ScalarValue other) => Kind == other.Kind && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ScalarValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(Text));

    public static bool operator ==(ScalarValue left, ScalarValue right) => left.Equals(right);

    public static bool operator !=(ScalarValue left, ScalarValue right) => !left.Equals(right);

    /// <summary>The type of a plain scalar's text.</summary>
    public static ScalarValue Resolve(string text)
    {
        // no null, boolean or number is spelt with a letter first and more than five characters ("false"): most plain
        // scalars of a rendering (a CRD's "string", "object", names) are strings by this test alone
        if (text.Length > 5 && char.IsAsciiLetter(text[0])) return new ScalarValue(ScalarKind.String, text);
        // YAML 1.1's nulls and booleans, matched by length and characters (no hash of the text)
        if (IsNullText(text)) return new ScalarValue(ScalarKind.Null, "null");
        switch (text)
        {
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                return new ScalarValue(ScalarKind.Boolean, "true");
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return new ScalarValue(ScalarKind.Boolean, "false");
        }
        if (IsInteger(text, out var canonical)) return new ScalarValue(ScalarKind.Integer, canonical);
        if (SpecialFloats.Contains(text)) return new ScalarValue(ScalarKind.Float, text.ToLowerInvariant());
        // a float out of a double's range is text, as Go's ParseFloat fails on it
        if (IsFloat(text) && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return new ScalarValue(ScalarKind.Float, d.ToString("R", CultureInfo.InvariantCulture));
        }
        return new ScalarValue(ScalarKind.String, text);
    }

    /// <summary>Decimal, <c>0x</c> hex, <c>0b</c> binary and leading-zero octal integers, optionally signed, with <c>_</c>.</summary>
    private static bool IsInteger(string text, out string canonical)
    {
        if (text.Length is > 0 and < 19 && (text[0] != '0' || text.Length == 1) && !text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            canonical = text; // plain decimal digits, no sign or leading zero: already canonical
            return true;
        }
        canonical = "";
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = s.StartsWith('-');
        if (s.StartsWith('-') || s.StartsWith('+')) s = s[1..];
        if (s.Length == 0) return false;
        System.Numerics.BigInteger value;
        if (!char.IsAsciiDigit(s[0])) return false;
        if (s.StartsWith("0x", StringComparison.Ordinal))
        {
            if (s.Length == 2 || !s[2..].All(char.IsAsciiHexDigit)) return false;
            value = System.Numerics.BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else if (s.StartsWith("0b", StringComparison.Ordinal))
        {
            if (s.Length == 2 || !s[2..].All(c => c is '0' or '1')) return false;
            value = s[2..].Aggregate(System.Numerics.BigInteger.Zero, (acc, c) => (acc * 2) + (c - '0'));
        }
        else if (s.Length > 1 && s[0] == '0')
        {
            if (!s.All(c => c is >= '0' and <= '7')) return false;
            value = s.Aggregate(System.Numerics.BigInteger.Zero, (acc, c) => (acc * 8) + (c - '0'));
        }
        else
        {
            if (!s.All(char.IsAsciiDigit)) return false;
            value = System.Numerics.BigInteger.Parse(s, CultureInfo.InvariantCulture);
        }
        canonical = (negative ? -value : value).ToString(CultureInfo.InvariantCulture);
        return true;
    }

    private static bool IsFloat(string text)
    {
        var s = text.AsSpan().TrimStart("+-");
        if (s.Length == 0 || !(char.IsAsciiDigit(s[0]) || (s[0] == '.' && s.Length > 1 && char.IsAsciiDigit(s[1])))) return false;
        return !s.ContainsAnyExcept(FloatChars);
    }

    /// <summary>How an error names the type (never the value): "string", "integer", "boolean", ….</summary>
    public string TypeName => Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Boolean => "boolean",
        ScalarKind.Integer => "integer",
        ScalarKind.Float => "number",
        _ => "string",
    };
}

/// <summary>The YAML type of a scalar.</summary>
internal enum ScalarKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}
