using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// A store whose values are not JSON documents: it reads <c>remoteRef.property</c> itself (<see cref="ISecretStore.GetSecretAsync"/>
/// with the property) and gives <c>extract</c> its own map (<see cref="ISecretStore.GetSecretMapAsync"/>), where the
/// agent otherwise reads the whole value and takes the property as a JSON path in it. A 1Password item: a property is a
/// field label or a file name, no property is its <c>password</c> field, extract is every field by label.
/// </summary>
public interface IPropertyReadingStore : ISecretStore;
