using System.Text;
using SecretsKit.Agent.Reconcile.Templates;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>Render phase: fetched data (+ template) → the desired Secret.</summary>
internal sealed partial class ExternalSecretReconciler
{
    internal static DesiredSecret Render(ExternalSecretResource es, IReadOnlyDictionary<string, byte[]> fetched)
    {
        var template = es.Target.Template;
        if (template is null) return new DesiredSecret("Opaque", new Dictionary<string, string>(), new Dictionary<string, string>(), fetched);
        var context = fetched.ToDictionary(kv => kv.Key, kv => (object?)Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
        var data = template.MergePolicy == "Merge" || template.Data.Count == 0
            ? new Dictionary<string, byte[]>(fetched, StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, text) in template.Data)
        {
            data[key] = Encoding.UTF8.GetBytes(TemplateEngine.Render(text, context, $"spec.target.template.data.{key}"));
        }
        return new DesiredSecret(template.Type ?? "Opaque",
            template.Labels.ToDictionary(kv => kv.Key, kv => TemplateEngine.Render(kv.Value, context, $"spec.target.template.metadata.labels.{kv.Key}")),
            template.Annotations.ToDictionary(kv => kv.Key, kv => TemplateEngine.Render(kv.Value, context, $"spec.target.template.metadata.annotations.{kv.Key}")),
            data);
    }
}
