using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Functions;

namespace SecretsKit.Templates;

/// <summary>
/// An immutable set of named template functions. <see cref="Sprig"/> is Go's builtins plus the sprig functions users
/// rely on. Each function family is one file under <c>Functions/</c> and one registration line here. A flavour adds its
/// own functions with <see cref="With(string, TemplateFunction)"/> or <see cref="With(Action{IDictionary{string, TemplateFunction}}[])"/>
/// in the project that uses it: ESO's in <c>SecretsKit.Agent/Templates/Functions/EsoTemplateFunctions.cs</c>, helmfile's in
/// <c>SecretsKit.Deploy/Release/Templates/HelmfileFunctions.cs</c>.
/// </summary>
public sealed class TemplateFunctions
{
    private readonly Dictionary<string, TemplateFunction> _table;

    private TemplateFunctions(Dictionary<string, TemplateFunction> table) => _table = table;

    /// <summary>Go's builtins only (<c>and or not eq ne lt le gt ge len index print printf println</c>).</summary>
    public static TemplateFunctions Builtins { get; } = Build(BuiltinFunctions.Register);

    /// <summary>
    /// The builtins plus sprig v3's <c>TxtFuncMap</c> (less the crypto functions, which <c>Crypto*</c> add, and
    /// <c>env expandenv getHostByName</c>, which each flavour decides on).
    /// </summary>
    public static TemplateFunctions Sprig { get; } = Build(
        BuiltinFunctions.Register,
        StringFunctions.Register,
        WordFunctions.Register,
        NumericFunctions.Register,
        FloatFunctions.Register,
        RegexFunctions.Register,
        ListFunctions.Register,
        DictFunctions.Register,
        DefaultFunctions.Register,
        JsonFunctions.Register,
        ReflectionFunctions.Register,
        EncodingFunctions.Register,
        PathFunctions.Register,
        UrlFunctions.Register,
        RandomFunctions.Register,
        t => DateFunctions.Register(t, TimeProvider.System),
        SemverFunctions.Register,
        CryptoFunctions.Register,
        CryptoKeys.Register,
        t => CryptoCertificates.Register(t, TimeProvider.System));

    public IEnumerable<string> Names => _table.Keys.Order(StringComparer.Ordinal);

    public bool Contains(string name) => _table.ContainsKey(name);

    /// <summary>The function named <paramref name="name"/>, or null.</summary>
    public TemplateFunction? Find(string name) => _table.GetValueOrDefault(name);

    /// <summary>A copy with <paramref name="name"/> added or replaced.</summary>
    public TemplateFunctions With(string name, TemplateFunction function) =>
        new(new Dictionary<string, TemplateFunction>(_table, StringComparer.Ordinal) { [name] = function });

    /// <summary>A copy with the functions of <paramref name="families"/> added or replaced.</summary>
    public TemplateFunctions With(params Action<IDictionary<string, TemplateFunction>>[] families)
    {
        var copy = new Dictionary<string, TemplateFunction>(_table, StringComparer.Ordinal);
        foreach (var register in families) register(copy);
        return new TemplateFunctions(copy);
    }

    /// <summary>A copy without <paramref name="names"/>.</summary>
    public TemplateFunctions Without(params string[] names)
    {
        var copy = new Dictionary<string, TemplateFunction>(_table, StringComparer.Ordinal);
        foreach (var n in names) copy.Remove(n);
        return new TemplateFunctions(copy);
    }

    private static TemplateFunctions Build(params Action<IDictionary<string, TemplateFunction>>[] families)
    {
        var table = new Dictionary<string, TemplateFunction>(StringComparer.Ordinal);
        foreach (var register in families) register(table);
        return new TemplateFunctions(table);
    }
}
