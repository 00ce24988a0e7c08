namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>PushSecrets (YAML, as ESO's docs write them) pushing key <c>token</c> of Secret <c>app-secrets</c> with a <c>PushSecretMetadata</c> per entry.</summary>
internal static class PushMetadataYaml
{
    /// <summary>One <c>data</c> entry pushing key <c>token</c> to <paramref name="remoteKey"/> with <paramref name="specYaml"/> (lines indented 8) as its metadata's spec.</summary>
    public static string Entry(string remoteKey, string specYaml, string? property = null) =>
        $"  - match: {{secretKey: token, remoteRef: {{remoteKey: {remoteKey}{(property is null ? "" : ", property: " + property)}}}}}\n"
        + "    metadata:\n      apiVersion: kubernetes.external-secrets.io/v1alpha1\n      kind: PushSecretMetadata\n      spec:\n" + specYaml;

    /// <summary>Creates PushSecret <c>default/push</c> of Secret <c>app-secrets</c> to SecretStore <paramref name="store"/> with these <c>data</c> entries.</summary>
    public static void Create(AgentCluster c, string store, string dataYaml) =>
        PushSecretYaml.Create(c, $"secretStoreRefs: [{{name: {store}, kind: SecretStore}}]\nselector: {{secret: {{name: app-secrets}}}}\ndata:\n" + dataYaml);

    /// <summary>Asserts the PushSecret is <c>Ready=False</c> with <paramref name="message"/> in its condition and no trace of the pushed value <c>tok-1</c>.</summary>
    public static void AssertRefused(AgentCluster c, string message)
    {
        var ready = PushSecretYaml.Ready(c);
        Assert.StartsWith("False", ready, StringComparison.Ordinal);
        Assert.Contains(message, ready, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-1", ready, StringComparison.Ordinal);
    }
}
