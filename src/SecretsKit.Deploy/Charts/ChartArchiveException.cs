using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Charts;

/// <summary>A packaged chart (<c>.tgz</c>) that cannot be unpacked: not gzip, a broken tar, an entry leaving the chart or a link, over a budget.</summary>
internal sealed class ChartArchiveException(string message) : SecretsKitException(ExitCodes.Generic, message);
