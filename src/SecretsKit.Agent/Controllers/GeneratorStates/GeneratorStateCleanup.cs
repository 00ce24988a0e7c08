using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators;
using SecretsKit.Agent.Generators.Registry;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.GeneratorStates;

/// <summary>
/// Undoes what a GeneratorState records: the generator named by <c>spec.resource.kind</c> (one of
/// <see cref="GeneratorRegistry"/>'s; a kind without state has nothing to undo) cleans up <c>spec.state</c> with
/// <c>spec.resource.spec</c>, in the GeneratorState's namespace. Everything in the object is tenant-written: a resource
/// that is not an object, names no kind or a kind the agent does not run is a <see cref="GeneratorStateException"/>
/// carrying ESO's message, never a crash.
/// </summary>
internal sealed class GeneratorStateCleanup(KubernetesClient kube, ProviderContext context)
{
    public async Task RunAsync(JsonObject generatorState, CancellationToken ct)
    {
        var ns = generatorState.GetNamespace() ?? "default";
        if (generatorState.GetUnreadableReason() is { } unreadable) throw NoGenerator($"unable to unmarshal resource: {unreadable}");
        var spec = generatorState["spec"] as JsonObject;
        if (spec?["resource"] is not JsonObject resource) throw NoGenerator("unable to unmarshal resource: the resource is not an object");
        var kind = Json.Str(resource["kind"]);
        if (string.IsNullOrEmpty(kind)) throw NoGenerator("unable to unmarshal resource: Object 'Kind' is missing");
        var generator = GeneratorRegistry.Find(kind) ?? throw NoGenerator("generator not found");
        if (generator is not IStatefulGenerator stateful) return;
        var name = Json.Str(resource["metadata"]?["name"]);
        var description = $"{kind}{(string.IsNullOrEmpty(name) ? "" : $" {ns}/{Core.Errors.Echo.Bounded(name)}")} (GeneratorState {ns}/{generatorState.GetName()})";
        var call = new GeneratorCall(resource["spec"] as JsonObject ?? [], description, ns, kube, context);
        var state = spec["state"] ?? throw Failed("missing previous status");
        try
        {
            await stateful.CleanupAsync(call, state, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Core.Errors.SecretsKitException)
        {
            throw Failed(e.Message, e);
        }
    }

    private static GeneratorStateException NoGenerator(string message) => new("could not get generator: " + message);

    private static GeneratorStateException Failed(string message, Exception? inner = null) => new("could not cleanup generator state: " + message, inner);
}
