using System.Text.RegularExpressions;

namespace SecretsKit.Agent.ChangeEvents.Sqs;

/// <summary>
/// The annotation's <c>sqs://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;queue&gt;</c>, checked: the host is the SQS
/// endpoint of the store's own region (nothing else is ever called; <c>AWS_SQS_ENDPOINT</c> overrides where requests
/// go, as the other AWS endpoints do), the account twelve digits, the queue name as SQS allows.
/// </summary>
internal sealed partial record SqsQueueAddress(string Region, string Account, string Queue)
{
    /// <summary>The queue URL SQS knows the queue by (sent as <c>QueueUrl</c>).</summary>
    public string QueueUrl => $"https://{Host(Region)}/{Account}/{Queue}";

    public static string Host(string region) => $"sqs.{region}.amazonaws.com{(region.StartsWith("cn-", StringComparison.Ordinal) ? ".cn" : "")}";

    /// <summary>Parses <paramref name="address"/> for a store in <paramref name="storeRegion"/>; <paramref name="problem"/> says why not.</summary>
    public static SqsQueueAddress? Parse(string address, string? storeRegion, out string? problem)
    {
        problem = null;
        var match = Pattern().Match(address);
        if (!match.Success)
        {
            problem = "expected sqs://sqs.<region>.amazonaws.com/<12-digit account>/<queue name>";
            return null;
        }
        var region = match.Groups["region"].Value;
        if (storeRegion is null || region != storeRegion)
        {
            problem = $"the queue is in region {region}, the store in {storeRegion ?? "no region"}: only the store's own region is used";
            return null;
        }
        if (address[..address.IndexOf('/', StringComparison.Ordinal)] != Host(region))
        {
            problem = $"the host must be {Host(region)}";
            return null;
        }
        return new SqsQueueAddress(region, match.Groups["account"].Value, match.Groups["queue"].Value);
    }

    [GeneratedRegex(@"^sqs\.(?<region>[a-z]{2}(-[a-z]+)+-[0-9])\.amazonaws\.com(\.cn)?/(?<account>[0-9]{12})/(?<queue>[A-Za-z0-9_-]{1,75}(\.fifo)?|[A-Za-z0-9_-]{1,80})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
