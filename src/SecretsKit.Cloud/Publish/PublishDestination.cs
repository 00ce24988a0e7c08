namespace SecretsKit.Cloud.Publish;

/// <summary>Where <c>publish</c> sends one file, from a <c>.sops.yaml</c> destination rule (<see cref="PublishDestinations"/>).</summary>
public abstract class PublishDestination
{
    /// <summary>The address shown to the user for <paramref name="name"/> (sops's <c>s3://bucket/prefix+name</c>, <c>gcs://…</c>, Vault URL).</summary>
    public abstract string Describe(string name);
}
