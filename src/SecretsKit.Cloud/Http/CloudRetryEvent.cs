namespace SecretsKit.Cloud.Http;

/// <summary>One retry about to happen: which attempt failed, why (status or exception type) and how long we wait.</summary>
public readonly record struct CloudRetryEvent(string Host, int AttemptNumber, int? StatusCode, string Reason, TimeSpan Delay);
