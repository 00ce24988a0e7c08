using System.Text.Json.Nodes;

namespace SecretsKit.Core.Stores;

/// <summary>Where a pushed value goes: the remote key and optionally one property of a JSON object secret.</summary>
public sealed record PushRef(string RemoteKey, string? Property = null)
{
    /// <summary>A PushSecret entry's provider-specific <c>metadata</c> (ESO's <c>PushSecretMetadata</c>), passed on as written; null when none.</summary>
    public JsonNode? Metadata { get; init; }

    /// <summary>The source Secret of the entry (set on a push, null on a delete or an exists check).</summary>
    public PushSource? Source { get; init; }

    /// <summary>True when the value is the whole source Secret (no <c>secretKey</c>) as one JSON object of its decoded values.</summary>
    public bool WholeSecret { get; init; }

    /// <summary>The PushSecret's namespace, where references in its metadata are read (a ClusterSecretStore's, as ESO does); null when unknown.</summary>
    public string? Namespace { get; init; }
}
