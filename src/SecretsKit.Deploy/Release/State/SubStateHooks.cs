using SecretsKit.Deploy.Release.Hooks;

namespace SecretsKit.Deploy.Release.State;

/// <summary>The global hooks of one sub-helmfile: the hooks, how they are rendered, its directory, and its name for messages.</summary>
internal sealed record SubStateHooks(IReadOnlyList<ReleaseHook> Hooks, HookTemplates? Templates, string BaseDirectory, string Name);
