using System.Globalization;
using System.Text;
using V = SecretsKit.Testing.Helm.ChartRendererValues;

namespace SecretsKit.Testing.Helm;

/// <summary>
/// The Go-template builtins and the sprig/Helm functions this renderer implements, with Go's argument typing:
/// a string parameter given a number (or nil) is an error, as it is under helm. Anything not listed here fails
/// at parse time, so a chart using a function the renderer lacks cannot pass a test by accident.
/// </summary>
internal static class ChartRendererFunctions
{
    private delegate object? Function(ChartRendererEvaluator ev, IReadOnlyList<object?> args);

    private static readonly Dictionary<string, Function> Table = new(StringComparer.Ordinal)
    {
        ["and"] = (_, _) => throw new InvalidOperationException("and is evaluated lazily"),
        ["or"] = (_, _) => throw new InvalidOperationException("or is evaluated lazily"),
        ["not"] = (_, a) => !V.IsTrue(One(a, "not")),
        ["eq"] = (_, a) => AtLeast(a, 2, "eq").Skip(1).Any(b => V.Compare(a[0], b, orderOnly: false) == 0),
        ["ne"] = (_, a) => V.Compare(Exactly(a, 2, "ne")[0], a[1], orderOnly: false) != 0,
        ["lt"] = (_, a) => V.Compare(Exactly(a, 2, "lt")[0], a[1], orderOnly: true) < 0,
        ["le"] = (_, a) => V.Compare(Exactly(a, 2, "le")[0], a[1], orderOnly: true) <= 0,
        ["gt"] = (_, a) => V.Compare(Exactly(a, 2, "gt")[0], a[1], orderOnly: true) > 0,
        ["ge"] = (_, a) => V.Compare(Exactly(a, 2, "ge")[0], a[1], orderOnly: true) >= 0,
        ["printf"] = (_, a) => Printf(Str(AtLeast(a, 1, "printf")[0], "printf"), a.Skip(1).ToList()),
        ["include"] = (ev, a) => ev.Include(Str(Exactly(a, 2, "include")[0], "include"), a[1]),
        ["required"] = (ev, a) => Required(ev, Exactly(a, 2, "required")),
        ["fail"] = (ev, a) => throw ev.Error("fail: " + Str(One(a, "fail"), "fail")),
        ["default"] = (_, a) => AtLeast(a, 1, "default").Count == 1 || !V.IsTrue(a[1]) ? a[0] : a[1],
        ["empty"] = (_, a) => !V.IsTrue(One(a, "empty")),
        ["toYaml"] = (_, a) => TrimOneNewline(ChartRendererYaml.Emit(One(a, "toYaml"))),
        ["toString"] = (_, a) => V.StrVal(One(a, "toString")),
        ["int"] = (_, a) => V.ToInt(One(a, "int")),
        ["quote"] = (_, a) => string.Join(" ", a.Where(x => x is not null).Select(x => V.GoQuote(V.StrVal(x)))),
        ["indent"] = (_, a) => Indent(Int(Exactly(a, 2, "indent")[0], "indent"), Str(a[1], "indent")),
        ["nindent"] = (_, a) => "\n" + Indent(Int(Exactly(a, 2, "nindent")[0], "nindent"), Str(a[1], "nindent")),
        ["trunc"] = (_, a) => Trunc(Int(Exactly(a, 2, "trunc")[0], "trunc"), Str(a[1], "trunc")),
        ["trimSuffix"] = (_, a) => TrimSuffix(Str(Exactly(a, 2, "trimSuffix")[0], "trimSuffix"), Str(a[1], "trimSuffix")),
        ["contains"] = (_, a) => Str(Exactly(a, 2, "contains")[1], "contains").Contains(Str(a[0], "contains"), StringComparison.Ordinal),
        ["replace"] = (_, a) => Str(Exactly(a, 3, "replace")[2], "replace").Replace(Str(a[0], "replace"), Str(a[1], "replace"), StringComparison.Ordinal),
        ["b64enc"] = (_, a) => Convert.ToBase64String(Encoding.UTF8.GetBytes(Str(One(a, "b64enc"), "b64enc"))),
        ["list"] = (_, a) => a.ToList(),
        ["dict"] = (_, a) => Dict(a),
    };

    public static bool IsDefined(string name) => Table.ContainsKey(name);

    public static object? Invoke(ChartRendererEvaluator ev, string name, IReadOnlyList<object?> args) =>
        Table.TryGetValue(name, out var f) ? f(ev, args) : throw ev.Error($"function \"{name}\" not defined");

    private static object? One(IReadOnlyList<object?> a, string name) => Exactly(a, 1, name)[0];

    private static IReadOnlyList<object?> Exactly(IReadOnlyList<object?> a, int n, string name) =>
        a.Count == n ? a : throw new ArgumentException($"wrong number of args for {name}: want {n} got {a.Count}");

    private static IReadOnlyList<object?> AtLeast(IReadOnlyList<object?> a, int n, string name) =>
        a.Count >= n ? a : throw new ArgumentException($"wrong number of args for {name}: want at least {n} got {a.Count}");

    private static string Str(object? v, string name) =>
        v as string ?? throw new ArgumentException($"{name}: expected string; got {V.TypeName(v)}");

    private static long Int(object? v, string name) =>
        v is long l ? l : throw new ArgumentException($"{name}: expected int; got {V.TypeName(v)}");

    private static object? Required(ChartRendererEvaluator ev, IReadOnlyList<object?> a)
    {
        var message = Str(a[0], "required");
        return a[1] is null || a[1] is string { Length: 0 } ? throw ev.Error("required: " + message) : a[1];
    }

    private static string TrimOneNewline(string s) => s.EndsWith('\n') ? s[..^1] : s;

    private static string Indent(long spaces, string v)
    {
        var pad = new string(' ', (int)spaces);
        return pad + v.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Trunc(long c, string s) =>
        c < 0 && s.Length + c > 0 ? s[(int)(s.Length + c)..] : c >= 0 && s.Length > c ? s[..(int)c] : s;

    private static string TrimSuffix(string suffix, string s) =>
        suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    private static Dictionary<string, object?> Dict(IReadOnlyList<object?> a)
    {
        if (a.Count % 2 != 0) throw new ArgumentException("dict needs key/value pairs");
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < a.Count; i += 2) d[V.StrVal(a[i])] = a[i + 1];
        return d;
    }

    /// <summary>fmt.Sprintf for %s %v %d %q %%; any other verb, or a verb given the wrong type, is an error.</summary>
    private static string Printf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                sb.Append(format[i]);
                continue;
            }
            if (++i >= format.Length) throw new FormatException("printf: trailing %");
            var verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (next >= args.Count) throw new FormatException($"printf: missing argument for %{verb}");
            var arg = args[next++];
            sb.Append(verb switch
            {
                's' => arg as string ?? throw new FormatException($"printf: %s given {V.TypeName(arg)}"),
                'v' => arg is null ? "<nil>" : V.Print(arg),
                'd' => arg is long l ? l.ToString(CultureInfo.InvariantCulture) : throw new FormatException($"printf: %d given {V.TypeName(arg)}"),
                'q' => arg is string q ? V.GoQuote(q) : throw new FormatException($"printf: %q given {V.TypeName(arg)}"),
                _ => throw new FormatException($"printf: verb %{verb} is not supported by ChartRenderer"),
            });
        }
        if (next != args.Count) throw new FormatException($"printf: {args.Count - next} extra argument(s)");
        return sb.ToString();
    }
}
