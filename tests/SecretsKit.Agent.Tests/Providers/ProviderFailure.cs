namespace SecretsKit.Agent.Tests.Providers;

/// <summary>Injected failures; <see cref="Throttling"/> is AWS's HTTP 400 <c>ThrottlingException</c>.</summary>
public enum ProviderFailure { ServerError, TooManyRequests, Timeout, Throttling }
