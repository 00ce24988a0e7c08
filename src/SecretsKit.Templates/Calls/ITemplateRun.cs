namespace SecretsKit.Templates.Calls;

/// <summary>
/// A running execution as a function sees it: helm's and helmfile's <c>tpl</c> and <c>include</c> run more templates
/// within it, with its function set and within its steps, depth, clock and output budgets.
/// </summary>
public interface ITemplateRun
{
    /// <summary>Parses <paramref name="text"/> with the running function set and executes it within this execution's budgets.</summary>
    string Render(string name, string text, object? data);

    /// <summary>Executes the template <paramref name="name"/> defined in the running templates, within this execution's budgets.</summary>
    string Include(string name, object? data);
}
