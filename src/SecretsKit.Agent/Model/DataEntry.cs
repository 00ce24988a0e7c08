namespace SecretsKit.Agent.Model;

/// <summary>
/// One <c>spec.data</c> entry. <paramref name="DeprecatedGenerator"/>: a <c>sourceRef.generatorRef</c>, which ESO deprecates
/// and does not implement in <c>data[]</c> (the entry then fails, as ESO's does).
/// </summary>
internal sealed record DataEntry(string SecretKey, RemoteRef Ref, StoreRef? SourceStore, GeneratorRef? DeprecatedGenerator = null);
