namespace SecretsKit.Testing.Grafana;

/// <summary>A service account of <see cref="FakeGrafanaServer"/>.</summary>
public sealed record FakeGrafanaServiceAccount(long Id, string Name, string Login, string Role);
