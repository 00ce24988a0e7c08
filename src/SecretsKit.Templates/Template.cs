using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates;

/// <summary>
/// A parsed Go <c>text/template</c>: the one template engine of SecretsKit (helmfile.yaml, <c>.gotmpl</c> values and
/// ExternalSecret <c>target.template</c>). Parse once, execute with any data; errors are <see cref="GoTemplateException"/>.
/// </summary>
public sealed class Template
{
    private readonly Dictionary<string, DefinedTemplate> _defines;
    private readonly DefinedTemplate _main;
    private readonly TemplateFunctions _functions;

    private Template(Dictionary<string, DefinedTemplate> defines, DefinedTemplate main, TemplateFunctions functions)
    {
        _defines = defines;
        _main = main;
        _functions = functions;
    }

    /// <summary>The name used in messages (<c>template: NAME:LINE:COL</c>): usually the file path.</summary>
    public string Name => _main.Name;

    public static Template Parse(string name, string text, TemplateFunctions functions)
    {
        var defines = new Dictionary<string, DefinedTemplate>(StringComparer.Ordinal);
        var source = new TemplateSource(name, text);
        var body = TemplateParser.Parse(source, defines, functions.Contains);
        var main = new DefinedTemplate(name, source, body);
        defines.TryAdd(name, main);
        return new Template(defines, main, functions);
    }

    /// <summary>
    /// Parses <paramref name="text"/> into one set with the defines of <paramref name="helpers"/> (helmfile's
    /// <c>_*.tpl</c> files beside the state), parsed first and in order, as Go's repeated <c>Parse</c> into one template
    /// does: the helpers' own text outside <c>define</c> is not run, and a later definition of a name replaces an earlier one.
    /// </summary>
    public static Template Parse(string name, string text, TemplateFunctions functions, IReadOnlyList<(string Name, string Text)> helpers)
    {
        var defines = new Dictionary<string, DefinedTemplate>(StringComparer.Ordinal);
        foreach (var (helperName, helperText) in helpers) TemplateParser.Parse(new TemplateSource(helperName, helperText), defines, functions.Contains);
        var source = new TemplateSource(name, text);
        var body = TemplateParser.Parse(source, defines, functions.Contains);
        var main = new DefinedTemplate(name, source, body);
        defines[name] = main;
        return new Template(defines, main, functions);
    }

    public string Execute(object? data, TemplateOptions? options = null) =>
        new TemplateEvaluator(_defines, _functions, new TemplateExecution(options ?? TemplateOptions.Default, _defines, _functions)).Execute(_main, data);

    /// <summary>Executes within a running execution's budgets (a <c>tpl</c> render); its own defines are visible to it.</summary>
    internal string ExecuteWithin(TemplateExecution execution, object? data) =>
        new TemplateEvaluator(_defines, _functions, execution).Execute(_main, data);

    /// <summary>Parses and executes in one step.</summary>
    public static string Render(string name, string text, object? data, TemplateFunctions functions, TemplateOptions? options = null) =>
        Parse(name, text, functions).Execute(data, options);
}
