using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Providers;

/// <summary>
/// One <c>ref+&lt;Scheme&gt;://PATH</c> form: <see cref="Locate"/> splits PATH (and the whole reference text, for
/// messages) into a store key and the secret key; <see cref="Create"/> builds the store for a store key from the
/// environment (created once per store key by the resolver).
/// </summary>
public sealed record RefScheme(
    string Scheme,
    Func<string, string, (string StoreKey, string SecretKey)> Locate,
    Func<string, KeySourceContext, CloudKeyOptions?, ISecretStore> Create);
