using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>A committed change, kept in the watch history window.</summary>
internal sealed record FakeKubeChange(long ResourceVersion, FakeResourceType Type, string EventType, JsonObject? Old, JsonObject? New);
