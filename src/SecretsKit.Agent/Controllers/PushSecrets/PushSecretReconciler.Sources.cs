using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Templates;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Selectors;
using SecretsKit.Templates;

namespace SecretsKit.Agent.Controllers.PushSecrets;

internal sealed partial class PushSecretReconciler
{
    /// <summary>
    /// Reads the source as ESO picks it: <c>selector.secret.name</c>, else <c>selector.generatorRef</c>, else the Secrets of
    /// the PushSecret's namespace matching <c>selector.secret.selector</c> (never another namespace's).
    /// </summary>
    private async Task<PushSources> ReadSourcesAsync(PushSecretResource ps, CancellationToken ct)
    {
        if (ps.SecretName.Length > 0)
        {
            var secret = await kube.TryGetAsync(ResourceTypes.Secret, ps.Namespace, ps.SecretName, ct);
            return secret is null
                ? new PushSources([], null) { Error = $"could not get source secret: secrets \"{ps.SecretName}\" not found" }
                : new PushSources([secret], secret.GetResourceVersion());
        }
        if (ps.Generator is not null) return new PushSources([], null) { Generated = true };
        string query;
        try
        {
            query = ps.SecretSelector!.ToQuery();
        }
        catch (InvalidLabelSelectorException e)
        {
            return new PushSources([], null) { Error = $"could not get source secret: {e.Message}" };
        }
        var list = new List<System.Text.Json.Nodes.JsonObject>();
        await foreach (var obj in kube.ListAllAsync(ResourceTypes.Secret, ps.Namespace, new ListOptions { LabelSelector = query }, ct)) list.Add(obj);
        list.Sort((a, b) => string.CompareOrdinal(a.GetName(), b.GetName()));
        return new PushSources(list, string.Join(",", list.Select(s => $"{s.GetName()}={s.GetResourceVersion()}")));
    }

    /// <summary>
    /// The source Secrets' data (a generator is run now, its state recorded in <paramref name="states"/> under ESO's
    /// <c>__pushsecret</c> key); a missing source fails the push.
    /// </summary>
    private async Task<List<SourceSecret>> ResolveAsync(PushSecretResource ps, PushSources sources, GeneratorStateManager states, CancellationToken ct)
    {
        if (sources.Error is { } error) throw new ReconcileException(PushSecretReasons.Errored, error);
        if (sources.Generated)
        {
            var reference = ps.Generator!;
            if (reference.ApiVersionError() is { } bad) throw new ReconcileException(PushSecretReasons.Errored, $"could not get source secret: {bad}");
            var run = await new GeneratorResolver(kube, providers.Context).RunAsync(reference, ps.Namespace, ct);
            states.SetLatest(GeneratorStateOwnerKey.PushSecretKey, run);
            return [new SourceSecret("___generated-secret", new Dictionary<string, byte[]>(run.Values, StringComparer.Ordinal))];
        }
        return [.. sources.Secrets.Select(s => new SourceSecret(s.GetName() ?? "",
            Json.Map(s["data"]).ToDictionary(kv => kv.Key, kv => Convert.FromBase64String(kv.Value), StringComparer.Ordinal))
        {
            Type = Json.Str(s["type"]) ?? "",
            Labels = new Dictionary<string, string>(Json.Map(s["metadata"]?["labels"]), StringComparer.Ordinal),
            Annotations = new Dictionary<string, string>(Json.Map(s["metadata"]?["annotations"]), StringComparer.Ordinal),
        })];
    }

    /// <summary>
    /// <c>template</c> applied as ESO's PushSecret does: the Secret's keys stay, <c>templateFrom</c> and <c>data</c> (over the
    /// Secret's data) add or replace keys, with the engine and code of an ExternalSecret's <c>target.template</c>; the
    /// template's labels and annotations go over the Secret's, and its <c>type</c> replaces the Secret's.
    /// </summary>
    private async Task<SourceSecret> TemplatedAsync(PushSecretResource ps, SourceSecret secret, CancellationToken ct)
    {
        if (ps.Template is not { } template) return secret;
        var sources = await TemplateSources.ReadAsync(template, ps.Namespace, reads, ct);
        var context = GoTypedDictionary.Strings(secret.Data.Select(kv => KeyValuePair.Create(kv.Key, GoString.FromBytes(kv.Value))));
        var data = new Dictionary<string, byte[]>(secret.Data, StringComparer.Ordinal);
        var labels = new Dictionary<string, string>(secret.Labels, StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(secret.Annotations, StringComparer.Ordinal);
        foreach (var (k, v) in template.Labels) labels[k] = v;
        foreach (var (k, v) in template.Annotations) annotations[k] = v;
        var templater = new SecretTemplater(context, data, labels, annotations, "spec.template");
        templater.ApplyFrom(template.From, sources);
        try
        {
            templater.ApplyTemplate(template);
        }
        catch (TemplateException e)
        {
            throw new ReconcileException(PushSecretReasons.Errored, "could not execute template: " + e.Message);
        }
        return new SourceSecret(secret.Name, data) { Type = template.Type ?? "", Labels = labels, Annotations = annotations };
    }
}
