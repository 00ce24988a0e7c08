using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Events;

/// <summary>
/// A queue named as <c>servicebus://&lt;namespace&gt;/&lt;queue&gt;</c>: the namespace is <c>NAME.servicebus.windows.net</c>
/// or the short <c>NAME</c> (expanded to that host); no other host, port, user info, query, fragment or nested path.
/// Namespace names follow Azure's rule (6-50 characters, a letter first, letters, digits and hyphens); queue names
/// take letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (up to 260, no <c>..</c>).
/// </summary>
public sealed partial record ServiceBusQueueAddress(string Namespace, string Queue)
{
    public const string Scheme = "servicebus://";
    private const string HostSuffix = ".servicebus.windows.net";

    /// <summary><c>https://NAME.servicebus.windows.net/</c>.</summary>
    public Uri Endpoint => new($"https://{Namespace}{HostSuffix}/");

    /// <summary>The host, <c>NAME.servicebus.windows.net</c>.</summary>
    public string Host => Namespace + HostSuffix;

    public static ServiceBusQueueAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw Invalid(text, $"it must start with {Scheme}");
        }
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) throw Invalid(text, "it names no queue (servicebus://<namespace>/<queue>)");
        var host = rest[..slash].ToLowerInvariant();
        var queue = rest[(slash + 1)..];
        var name = host.EndsWith(HostSuffix, StringComparison.Ordinal) ? host[..^HostSuffix.Length] : host;
        if (!NamespaceName().IsMatch(name))
        {
            throw Invalid(text, $"the namespace must be NAME or NAME{HostSuffix}, NAME 6-50 letters, digits or hyphens starting with a letter");
        }
        if (!QueueName().IsMatch(queue) || queue.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid(text, "the queue name may hold only letters, digits, '.', '-' and '_' (up to 260)");
        }
        return new ServiceBusQueueAddress(name, queue);
    }

    public override string ToString() => $"{Scheme}{Host}/{Queue}";

    private static SecretsKitException Invalid(string text, string why) =>
        new(ExitCodes.Generic, $"invalid Service Bus queue '{(text.Length > 200 ? text[..200] + "…" : text)}': {why}");

    [GeneratedRegex("^[a-z][a-z0-9-]{4,48}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,259}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueName();
}
