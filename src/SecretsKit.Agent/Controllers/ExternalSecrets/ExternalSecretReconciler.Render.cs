using SecretsKit.Agent.Model;
using SecretsKit.Agent.Templates;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>Render phase: fetched data (+ template, + the templateFrom sources read before) → the desired Secret.</summary>
internal sealed partial class ExternalSecretReconciler
{
    internal static DesiredSecret Render(ExternalSecretResource es, IReadOnlyDictionary<string, byte[]> fetched, TemplateSources? sources = null)
    {
        var template = es.Target.Template;
        if (template is null) return new DesiredSecret("Opaque", new Dictionary<string, string>(), new Dictionary<string, string>(), fetched);
        // ESO's data is a map[string]string of the fetched bytes: every byte kept (a keystore is not UTF-8)
        var context = GoTypedDictionary.Strings(fetched.Select(kv => KeyValuePair.Create(kv.Key, GoString.FromBytes(kv.Value))));
        // as ESO: the provider's keys are kept with mergePolicy Merge, or when there is neither data nor templateFrom
        var data = template.MergePolicy == "Merge" || (template.Data.Count == 0 && template.From.Count == 0)
            ? new Dictionary<string, byte[]>(fetched, StringComparer.Ordinal)
            : new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(template.Labels, StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(template.Annotations, StringComparer.Ordinal);
        var templater = new SecretTemplater(context, data, labels, annotations);
        templater.ApplyFrom(template.From, sources ?? TemplateSources.None);
        templater.ApplyTemplate(template);
        return new DesiredSecret(template.Type ?? "Opaque", labels, annotations, data) { Finalizers = template.Finalizers };
    }
}
