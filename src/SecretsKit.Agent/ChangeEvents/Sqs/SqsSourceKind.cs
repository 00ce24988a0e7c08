using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Aws;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Events;
using SecretsKit.Cloud.Aws.Stores;

namespace SecretsKit.Agent.ChangeEvents.Sqs;

/// <summary>
/// <c>sqs://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;queue&gt;</c> on an <c>aws</c> store: an SQS queue that an
/// EventBridge rule feeds with Secrets Manager (or Parameter Store) events, received with the store's own credentials
/// (IAM: <c>sqs:ReceiveMessage</c>, <c>sqs:DeleteMessage</c>, and with shards <c>sqs:ChangeMessageVisibility</c>, on the queue).
/// </summary>
internal sealed class SqsSourceKind : IChangeEventSourceKind
{
    public string Scheme => "sqs";

    public IReadOnlyList<string> Providers { get; } = ["aws"];

    public string? Validate(string address, StoreResource store)
    {
        SqsQueueAddress.Parse(address, Json.Str(store.ProviderSpec["region"]), out var problem);
        return problem;
    }

    public async Task<IChangeEventSource> ConnectAsync(ChangeSourceContext context, CancellationToken ct)
    {
        var queue = SqsQueueAddress.Parse(context.Address, Json.Str(context.Store.ProviderSpec["region"]), out var problem)
            ?? throw new InvalidOperationException(problem);
        var options = await AwsProvider.ClientOptionsAsync(context.Spec, "SQS", ct);
        var parameterStore = Json.Str(context.Store.ProviderSpec["service"]) == "ParameterStore";
        var wait = LongPollWait.Seconds(options.Retry.AttemptTimeout);
#pragma warning disable CA2000 // owned by the returned source
        return new SqsEventSource(new SqsClient(options), queue, parameterStore, wait);
#pragma warning restore CA2000
    }
}
