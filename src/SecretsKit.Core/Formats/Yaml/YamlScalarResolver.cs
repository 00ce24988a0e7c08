using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// yaml.v3 v3.0.4's scalar resolution (YAML 1.2 core schema plus its own timestamp and octal rules). The first
/// character picks a hint (sign, digit, one of <c>yYnNtTfFoO~</c>, or <c>.</c>); anything else is a string.
/// </summary>
internal static partial class YamlScalarResolver
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    /// <summary>Resolves an untagged plain scalar. <paramref name="node"/> is null for <see cref="YamlResolvedKind.UInt64"/>.</summary>
    public static YamlResolvedKind Resolve(string s, out TreeNode? node)
    {
        node = null;
        char hint = s.Length == 0 ? 'N' : Hint(s[0]);
        if (hint == '\0') return Str(s, out node);

        switch (s)
        {
            case "true" or "True" or "TRUE":
                node = new BoolValue(true);
                return YamlResolvedKind.Bool;
            case "false" or "False" or "FALSE":
                node = new BoolValue(false);
                return YamlResolvedKind.Bool;
            case "" or "~" or "null" or "Null" or "NULL":
                node = NullValue.Instance;
                return YamlResolvedKind.Null;
            case ".nan" or ".NaN" or ".NAN":
                node = new FloatValue(double.NaN);
                return YamlResolvedKind.Float;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                node = new FloatValue(double.PositiveInfinity);
                return YamlResolvedKind.Float;
            case "-.inf" or "-.Inf" or "-.INF":
                node = new FloatValue(double.NegativeInfinity);
                return YamlResolvedKind.Float;
        }

        switch (hint)
        {
            case '.':
                if (TryParseFloat(s, out var f1))
                {
                    node = new FloatValue(f1);
                    return YamlResolvedKind.Float;
                }
                break;
            case 'D' or 'S':
                if (ResolveNumberOrTime(s, out node) is { } kind) return kind;
                break;
        }
        return Str(s, out node);
    }

    /// <summary>A digit- or sign-led scalar: a timestamp, an int (int64, or a uint64 beyond it), a float; null otherwise.</summary>
    private static YamlResolvedKind? ResolveNumberOrTime(string s, out TreeNode? node)
    {
        node = null;
        if (YamlTimestamp.TryParse(s, out var time))
        {
            node = time;
            return YamlResolvedKind.Timestamp;
        }
        var plain = s.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var big))
        {
            if (big >= long.MinValue && big <= long.MaxValue)
            {
                node = new IntValue((long)big);
                return YamlResolvedKind.Int;
            }
            if (big.Sign > 0 && big <= ulong.MaxValue && plain[0] != '+')
            {
                return YamlResolvedKind.UInt64;
            }
        }
        if (TryParseFloat(plain, out var f2))
        {
            node = new FloatValue(f2);
            return YamlResolvedKind.Float;
        }
        return null;
    }

    /// <summary>True when yaml.v3's marshaller may write <paramref name="s"/> plain (stringv's canUsePlain).</summary>
    public static bool CanUsePlain(string s)
    {
        // A first character that gives no hint always resolves to a string, and cannot start a base-60 float.
        if (s.Length > 0 && Hint(s[0]) == '\0') return !IsOldBool(s);
        return Resolve(s, out _) == YamlResolvedKind.String && !IsBase60Float(s) && !IsOldBool(s);
    }

    /// <summary>YAML 1.1 base-60 floats such as <c>1:20</c>, still quoted on output by yaml.v3.</summary>
    public static bool IsBase60Float(string s)
    {
        if (s.Length == 0) return false;
        var c = s[0];
        if (!(c is '+' or '-' or (>= '0' and <= '9')) || !s.Contains(':', StringComparison.Ordinal)) return false;
        return Base60Float().IsMatch(s);
    }

    /// <summary>YAML 1.1 booleans (<c>y</c>, <c>yes</c>, <c>on</c>, <c>off</c>, <c>no</c>…), quoted on output.</summary>
    public static bool IsOldBool(string s) => s is "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON"
        or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF";

    private static YamlResolvedKind Str(string s, out TreeNode? node)
    {
        node = new StringValue(s);
        return YamlResolvedKind.String;
    }

    private static char Hint(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    // The yamlStyleFloat regex then Go ParseFloat; an overflow to infinity is an error in Go (not a float).
    private static bool TryParseFloat(string s, out double value)
    {
        value = 0;
        if (!YamlStyleFloat().IsMatch(s)) return false;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        return !double.IsInfinity(value);
    }

    /// <summary>Go <c>strconv.ParseInt(s, 0, 64)</c>/<c>ParseUint</c> syntax: sign, then 0x/0o/0b/leading-0 octal or decimal.</summary>
    private static bool TryParseGoInt(string s, out BigInteger value)
    {
        value = BigInteger.Zero;
        if (s.Length == 0) return false;
        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i = 1;
        }
        var radix = 10;
        if (s.Length - i >= 2 && s[i] == '0')
        {
            switch (s[i + 1])
            {
                case 'x' or 'X': radix = 16; i += 2; break;
                case 'o' or 'O': radix = 8; i += 2; break;
                case 'b' or 'B': radix = 2; i += 2; break;
                default: radix = 8; i += 1; break;
            }
        }
        if (i >= s.Length) return false;
        for (; i < s.Length; i++)
        {
            var d = s[i] switch
            {
                >= '0' and <= '9' => s[i] - '0',
                >= 'a' and <= 'f' => s[i] - 'a' + 10,
                >= 'A' and <= 'F' => s[i] - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            value = value * radix + d;
        }
        if (negative) value = -value;
        return true;
    }
}
