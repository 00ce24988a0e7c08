namespace SecretsKit.Cloud.Providers;

/// <summary>
/// A store that can prove its credentials before any read, as ESO's store controller does with the provider client's
/// <c>Validate()</c>: Vault logs in and looks its token up, AWS Secrets Manager retrieves its credentials (the STS
/// exchange included). A failure is the store's <c>Ready=False</c>; a store without this interface is valid once built.
/// </summary>
public interface IValidatingStore
{
    /// <summary>Throws (with a message naming the store's endpoint and what failed, never a credential) when the store cannot authenticate.</summary>
    Task ValidateAsync(CancellationToken cancellationToken);
}
