using System.Globalization;
using System.Text.RegularExpressions;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Core.Formats.Yaml;

/// <summary>
/// The one home of "what is this plain scalar": null, bool, int (int64, or uint64 beyond it), float, timestamp or string,
/// in each YAML dialect SecretsKit imitates: <see cref="GoYamlV2"/> (YAML 1.1 as gopkg.in/yaml.v2 2.4 reads it),
/// <see cref="GoYamlV3"/> (YAML 1.2 core as gopkg.in/yaml.v3 and sops read it) and <see cref="KubernetesJson"/>
/// (sigs.k8s.io/yaml: yaml.v2's typing, then JSON). Checked row by row against the real Go libraries by
/// YamlScalarsTests (tests/fixtures/yaml-scalars-oracle).
/// </summary>
public static partial class YamlScalars
{
    /// <summary>
    /// gopkg.in/yaml.v2: YAML 1.1's booleans (<c>y yes on n no off</c> in three casings) on top of <see cref="GoYamlV3"/>'s
    /// rules, which are otherwise the same code (Go's <c>ParseInt(s, 0, 64)</c> after dropping <c>_</c>: <c>0777</c> is octal,
    /// <c>0x</c>/<c>0o</c>/<c>0b</c> prefixes; no base-60 numbers: <c>190:20:30</c> is a string).
    /// </summary>
    public static YamlScalar GoYamlV2(string s) => Resolve(s, yaml11: true);

    /// <summary>
    /// gopkg.in/yaml.v3: <c>true/True/TRUE</c>, <c>false/…</c>, <c>~ null Null NULL</c> and empty, <c>.inf/.nan</c> in three
    /// casings; a sign- or digit-led scalar is a timestamp (Go <c>time.Parse</c> of four layouts), an int64, a uint64
    /// (unsigned only), or a float in YAML's style that Go parses without overflow (so <c>1e400</c> and
    /// <c>0x10000000000000000</c> are strings); a dot-led one is a float when Go parses it; anything else is a string.
    /// </summary>
    public static YamlScalar GoYamlV3(string s) => Resolve(s, yaml11: false);

    /// <summary>
    /// sigs.k8s.io/yaml (kubectl, Helm, kubeconform, ESO's <c>fromYaml</c>): yaml.v2's typing, where a timestamp is its text
    /// (yaml.v2 decodes one into <c>interface{}</c> as a string). A non-finite <see cref="YamlScalar.Float"/> is what
    /// YAMLToJSON refuses (<c>json: unsupported value: +Inf</c>): each reader decides what that means for it.
    /// </summary>
    public static YamlScalar KubernetesJson(string s)
    {
        var v2 = GoYamlV2(s);
        return v2.Kind == YamlResolvedKind.Timestamp ? YamlScalar.Str : v2;
    }

    /// <summary>The spellings of null, the same in every dialect: empty, <c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c>.</summary>
    public static bool IsNull(string s) => s is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>YAML 1.1 booleans that YAML 1.2 reads as strings (yaml.v3's <c>isOldBool</c>); null for any other text.</summary>
    public static bool? OldBool(string s) => s switch
    {
        "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" => true,
        "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    /// <summary>YAML 1.1 base-60 numbers such as <c>1:20</c> (yaml.v3's <c>isBase60Float</c>): strings to every Go library, but quoted on output.</summary>
    public static bool IsBase60Float(string s)
    {
        if (s.Length == 0) return false;
        var c = s[0];
        if (!(c is '+' or '-' or (>= '0' and <= '9')) || !s.Contains(':', StringComparison.Ordinal)) return false;
        return Base60Float().IsMatch(s);
    }

    /// <summary>
    /// Whether yaml.v3's encoder writes the string <paramref name="s"/> plain as far as typing goes (its <c>canUsePlain</c>):
    /// it must read back as a string in YAML 1.2 and in YAML 1.1 (no old boolean, no base-60 number).
    /// </summary>
    public static bool GoYamlV3WritesPlain(string s) =>
        GoYamlV3(s).Kind == YamlResolvedKind.String && OldBool(s) is null && !IsBase60Float(s);

    /// <summary>
    /// go-yaml's float shape, <c>^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$</c>, scanned by hand: a generated
    /// regex's first match costs a cold native start about 94,000 instructions (bench/README.md, issue #81), and sops files
    /// hold such scalars (<c>version: 3.13.2</c>). Where the expression's <c>$</c> also matches before a final line break,
    /// this does not; no float parses with one, so what <see cref="NumberOrTime"/> answers is the same.
    /// </summary>
    internal static bool IsYamlStyleFloat(ReadOnlySpan<char> s)
    {
        var i = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        var whole = Digits(s, ref i);
        if (i < s.Length && s[i] == '.')
        {
            i++;
            if (Digits(s, ref i) == 0 && whole == 0) return false;
        }
        else if (whole == 0)
        {
            return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            if (Digits(s, ref i) == 0) return false;
        }
        return i == s.Length;
    }

    private static int Digits(ReadOnlySpan<char> s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i - start;
    }

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    private static YamlScalar Resolve(string s, bool yaml11)
    {
        if (IsNull(s)) return YamlScalar.Null;
        var hint = Hint(s[0]);
        if (hint == '\0') return YamlScalar.Str;
        switch (s)
        {
            case "true" or "True" or "TRUE": return YamlScalar.Of(true);
            case "false" or "False" or "FALSE": return YamlScalar.Of(false);
            case ".nan" or ".NaN" or ".NAN": return YamlScalar.Of(double.NaN);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF": return YamlScalar.Of(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF": return YamlScalar.Of(double.NegativeInfinity);
        }
        if (yaml11 && OldBool(s) is { } old) return YamlScalar.Of(old);
        return hint switch
        {
            // Go's ParseFloat of the text as written (no underscores: Go allows them only after a base prefix)
            '.' => GoStrconv.TryParseFloat(s, out var f) ? YamlScalar.Of(f) : YamlScalar.Str,
            'D' or 'S' => NumberOrTime(s),
            _ => YamlScalar.Str,
        };
    }

    /// <summary>A sign- or digit-led scalar: a timestamp, an int64, a uint64, a float in YAML's style, else a string.</summary>
    private static YamlScalar NumberOrTime(string s)
    {
        if (YamlTimestamp.TryParse(s, out var time)) return new YamlScalar(YamlResolvedKind.Timestamp, Time: time);
        var plain = s.Contains('_', StringComparison.Ordinal) ? s.Replace("_", "", StringComparison.Ordinal) : s;
        if (GoStrconv.TryParseInt(plain, out var l)) return new YamlScalar(YamlResolvedKind.Int, Int: l);
        if (GoStrconv.TryParseUint(plain, out var u)) return new YamlScalar(YamlResolvedKind.UInt64, UInt: u);
        // the 0b/0o retries go-yaml makes after this are what ParseInt(s, 0, 64) already tried
        return IsYamlStyleFloat(plain) && GoStrconv.TryParseFloat(plain, out var f) ? YamlScalar.Of(f) : YamlScalar.Str;
    }

    /// <summary>go-yaml's <c>resolveTable</c>: only a sign, a digit, <c>.</c> or one of <c>yYnNtTfFoO~</c> may start a non-string.</summary>
    private static char Hint(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };
}

/// <summary>A plain scalar's type and value in one YAML dialect (<see cref="YamlScalars"/>); only the field of its kind is set.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named after the Go types go-yaml decodes into.")]
public readonly record struct YamlScalar(YamlResolvedKind Kind, bool Bool = false, long Int = 0, ulong UInt = 0, double Float = 0, TimeValue? Time = null)
{
    public static readonly YamlScalar Str = new(YamlResolvedKind.String);

    public static readonly YamlScalar Null = new(YamlResolvedKind.Null);

    public static YamlScalar Of(bool b) => new(YamlResolvedKind.Bool, Bool: b);

    public static YamlScalar Of(double f) => new(YamlResolvedKind.Float, Float: f);

    /// <summary>An integer kind (int64 or uint64) as decimal text; null for any other kind.</summary>
    public string? IntegerText => Kind switch
    {
        YamlResolvedKind.Int => Int.ToString(CultureInfo.InvariantCulture),
        YamlResolvedKind.UInt64 => UInt.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
