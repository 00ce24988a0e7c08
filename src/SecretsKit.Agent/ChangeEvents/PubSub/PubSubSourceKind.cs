using System.Collections.Concurrent;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Gcp.Events;

namespace SecretsKit.Agent.ChangeEvents.PubSub;

/// <summary>
/// <c>pubsub://projects/&lt;p&gt;/subscriptions/&lt;s&gt;</c> (optionally <c>?projectNumber=&lt;n&gt;</c>, for events that name the
/// store's project by number) on a <c>gcpsm</c> store: a subscription to the topic Secret Manager publishes the store's
/// secrets' events to, pulled with the store's own credentials (IAM: <c>roles/pubsub.subscriber</c> on the subscription).
/// Without <c>?projectNumber=</c> the number is looked up with Resource Manager (<c>resourcemanager.projects.get</c>), once
/// per store and project (<see cref="ProjectNumberLookup"/>).
/// </summary>
internal sealed class PubSubSourceKind(TimeProvider? time = null) : IChangeEventSourceKind
{
    private readonly ConcurrentDictionary<string, ProjectNumberLookup> _numbers = new(StringComparer.Ordinal);

    public string Scheme => "pubsub";

    public IReadOnlyList<string> Providers { get; } = ["gcpsm"];

    public string? Validate(string address, StoreResource store)
    {
        var (subscription, number) = Split(address);
        if (!PubSubSubscriber.IsSubscriptionName(subscription)) return "expected pubsub://projects/<project>/subscriptions/<subscription>[?projectNumber=<n>]";
        if (number is not null && (number.Length is 0 or > 20 || !number.All(char.IsAsciiDigit))) return "projectNumber must be the project's number (digits)";
        return Json.Str(store.ProviderSpec["projectID"]) is null ? "the store has no projectID" : null;
    }

    public async Task<IChangeEventSource> ConnectAsync(ChangeSourceContext context, CancellationToken ct)
    {
        var (subscription, number) = Split(context.Address);
        var subscriber = await PubSubSubscriber.ForStoreAsync(context.Spec, subscription, ct);
        var spec = context.Store.ProviderSpec;
        var wait = TimeSpan.FromSeconds(LongPollWait.Seconds(context.Spec.Context.Retry.AttemptTimeout));
        var project = Json.Str(spec["projectID"])!;
        var lookup = number is null ? _numbers.GetOrAdd($"{context.Store.Uid}\n{project}", _ => new ProjectNumberLookup(project, time ?? TimeProvider.System)) : null;
        var source = new PubSubEventSource(subscriber, project, number, lookup, Json.Str(spec["location"]), wait);
        await source.LookUpProjectNumberAsync(ct);
        return source;
    }

    private static (string Subscription, string? ProjectNumber) Split(string address)
    {
        var query = address.IndexOf('?', StringComparison.Ordinal);
        if (query < 0) return (address, null);
        var option = address[(query + 1)..];
        return (address[..query], option.StartsWith("projectNumber=", StringComparison.Ordinal) ? option["projectNumber=".Length..] : "");
    }
}
