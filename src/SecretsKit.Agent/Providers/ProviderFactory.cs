using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Agent.Reconcile;
using SecretsKit.Agent.Resources;
using SecretsKit.Cloud.Aws.SecretsManager;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Aws.Ssm;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// Store spec → <see cref="ISecretStore"/>. Clients are cached per store object version (uid + resourceVersion), so a
/// changed store (or rotated credentials, once the store is touched) gets a fresh client.
/// </summary>
internal sealed class ProviderFactory(KubernetesClient kube, ProviderOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ISecretStore>>> _cache = new(StringComparer.Ordinal);
    private readonly SecretReader _secrets = new(kube);

    public ProviderCallCounter FakeCalls { get; } = new();

    public Task<ISecretStore> GetAsync(StoreResource store, CancellationToken ct)
    {
        var key = $"{store.Uid}@{store.ResourceVersion}";
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<ISecretStore>>(() => CreateAsync(store, ct)));
        var task = lazy.Value;
        if (task.IsFaulted) _cache.TryRemove(key, out _);
        return task;
    }

    private async Task<ISecretStore> CreateAsync(StoreResource store, CancellationToken ct)
    {
        if (ProviderValidation.FirstUnsupported(store) is { } field)
        {
            throw new ReconcileException(Messages.StoreUnsupported, Messages.UnsupportedField(field));
        }
        var p = store.ProviderSpec;
        return store.ProviderName switch
        {
            "fake" => new FakeProviderStore(p, FakeCalls, store.Identity),
            "vault" => await VaultAsync(store, p, ct),
            "aws" => await AwsAsync(store, p, ct),
            "azurekv" => await AzureAsync(store, p, ct),
            _ => throw new ReconcileException(Messages.StoreUnsupported, Messages.UnsupportedField("spec.provider." + store.ProviderName)),
        };
    }

    private async Task<ISecretStore> VaultAsync(StoreResource store, JsonObject p, CancellationToken ct)
    {
        var server = Json.Str(p["server"]) ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: spec.provider.vault.server is required");
        var auth = p["auth"] as JsonObject ?? new JsonObject();
        VaultAuthMethod method;
        if (auth["tokenSecretRef"] is { } tokenRef)
        {
            method = new VaultTokenAuth(await _secrets.ReadAsync(store, SecretKeySelector.Parse(tokenRef), "auth.tokenSecretRef", ct));
        }
        else if (auth["appRole"] is JsonObject appRole)
        {
            var roleId = Json.Str(appRole["roleId"])
                ?? await _secrets.ReadAsync(store, SecretKeySelector.Parse(appRole["roleRef"]), "auth.appRole.roleRef", ct);
            var secretId = await _secrets.ReadAsync(store, SecretKeySelector.Parse(appRole["secretRef"]), "auth.appRole.secretRef", ct);
            method = new VaultAppRoleAuth(roleId, secretId, Json.Str(appRole["path"]) ?? "approle");
        }
        else if (auth["kubernetes"] is JsonObject k8s)
        {
            var role = Json.Str(k8s["role"]) ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: auth.kubernetes.role is required");
            var mount = Json.Str(k8s["mountPath"]) ?? "kubernetes";
            method = k8s["secretRef"] is { } jwtRef
                ? VaultJwtAuth.WithToken(role, await _secrets.ReadAsync(store, SecretKeySelector.Parse(jwtRef), "auth.kubernetes.secretRef", ct), mount)
                : new VaultKubernetesAuth(role, mount: mount);
        }
        else
        {
            throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: spec.provider.vault.auth needs tokenSecretRef, appRole or kubernetes");
        }
        var client = new VaultClient(new VaultClientOptions
        {
            Address = new Uri(server),
            Auth = method,
            Namespace = Json.Str(p["namespace"]),
            Retry = options.Retry,
            Time = options.Time,
            Warn = _ => { },
        });
        return new VaultKvStore(client, Json.Str(p["path"]) ?? "secret", Json.Str(p["version"]) == "v1" ? 1 : 2);
    }

    private async Task<ISecretStore> AwsAsync(StoreResource store, JsonObject p, CancellationToken ct)
    {
        var service = Json.Str(p["service"]) ?? "SecretsManager";
        var region = Json.Str(p["region"]) ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: spec.provider.aws.region is required");
        AWSCredentials? credentials = null;
        if (p["auth"]?["secretRef"] is JsonObject sr)
        {
            var id = await _secrets.ReadAsync(store, SecretKeySelector.Parse(sr["accessKeyIDSecretRef"]), "auth.secretRef.accessKeyIDSecretRef", ct);
            var secret = await _secrets.ReadAsync(store, SecretKeySelector.Parse(sr["secretAccessKeySecretRef"]), "auth.secretRef.secretAccessKeySecretRef", ct);
            credentials = sr["sessionTokenSecretRef"] is { } st
                ? new SessionAWSCredentials(id, secret, await _secrets.ReadAsync(store, SecretKeySelector.Parse(st), "auth.secretRef.sessionTokenSecretRef", ct))
                : new BasicAWSCredentials(id, secret);
        }
        var clientOptions = new AwsClientOptions
        {
            Region = region,
            Credentials = credentials,
            Endpoint = options.AwsEndpoints.GetValueOrDefault(service),
            Retry = options.Retry,
            Time = options.Time,
        };
        return service == "ParameterStore"
            ? new ParameterStore(new ParameterStoreClient(clientOptions))
            : new SecretsManagerStore(new SecretsManagerClient(clientOptions));
    }

    private async Task<ISecretStore> AzureAsync(StoreResource store, JsonObject p, CancellationToken ct)
    {
        var url = Json.Str(p["vaultUrl"]) ?? throw new ReconcileException(Messages.StoreInvalid, $"store {store.Name}: spec.provider.azurekv.vaultUrl is required");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Json.Str(p["tenantId"]) is { } tenant) env["AZURE_TENANT_ID"] = tenant;
        if (options.AzureAuthorityHost is { } authority) env["AZURE_AUTHORITY_HOST"] = authority.ToString();
        if (p["authSecretRef"] is JsonObject a)
        {
            env["AZURE_CLIENT_ID"] = await _secrets.ReadAsync(store, SecretKeySelector.Parse(a["clientId"]), "authSecretRef.clientId", ct);
            env["AZURE_CLIENT_SECRET"] = await _secrets.ReadAsync(store, SecretKeySelector.Parse(a["clientSecret"]), "authSecretRef.clientSecret", ct);
        }
        var context = KeySourceContext.System with { Environment = new MapEnvironment(env, "/nonexistent", "/") };
        return AzureKeyVaultSecretStore.FromEnvironment(new Uri(url), context, options.Azure);
    }
}
