namespace SecretsKit.Testing.Grafana;

/// <summary>A token <see cref="FakeGrafanaServer"/> issued; <paramref name="SecondsToLive"/> null for one that never expires.</summary>
public sealed record FakeGrafanaToken(long Id, long ServiceAccountId, string Name, string Key, long? SecondsToLive);
