using SecretsKit.Agent.Reconcile.Templates;
using SecretsKit.Core.GoTemplate;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.Reconcile.ExternalSecrets;

/// <summary>Render phase: fetched data (+ template) → the desired Secret.</summary>
internal sealed partial class ExternalSecretReconciler
{
    internal static DesiredSecret Render(ExternalSecretResource es, IReadOnlyDictionary<string, byte[]> fetched)
    {
        var template = es.Target.Template;
        if (template is null) return new DesiredSecret("Opaque", new Dictionary<string, string>(), new Dictionary<string, string>(), fetched);
        // ESO's data is a map[string]string of the fetched bytes: every byte kept (a keystore is not UTF-8)
        var context = GoTypedDictionary.Strings(fetched.Select(kv => KeyValuePair.Create(kv.Key, GoString.FromBytes(kv.Value))));
        var data = template.MergePolicy == "Merge" || template.Data.Count == 0
            ? new Dictionary<string, byte[]>(fetched, StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, text) in template.Data)
        {
            data[key] = GoString.ToBytes(TemplateEngine.Render(text, context, $"spec.target.template.data.{key}"));
        }
        return new DesiredSecret(template.Type ?? "Opaque",
            template.Labels.ToDictionary(kv => kv.Key, kv => TemplateEngine.Render(kv.Value, context, $"spec.target.template.metadata.labels.{kv.Key}")),
            template.Annotations.ToDictionary(kv => kv.Key, kv => TemplateEngine.Render(kv.Value, context, $"spec.target.template.metadata.annotations.{kv.Key}")),
            data);
    }
}
