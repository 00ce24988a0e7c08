namespace SecretsKit.Agent.Model;

/// <summary>One <c>spec.dataFrom</c> entry: extract, find or a generator (<c>sourceRef.generatorRef</c>), with rewrites.</summary>
internal sealed record DataFromEntry(RemoteRef? Extract, FindSpec? Find, IReadOnlyList<Rewrite> Rewrites, StoreRef? SourceStore, GeneratorRef? Generator = null);
