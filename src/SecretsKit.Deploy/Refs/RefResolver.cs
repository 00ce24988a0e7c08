using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// Resolves <c>ref+…</c> references with one <see cref="IRefBackend"/> per scheme; cloud stores are created lazily
/// from the environment on first use. Each distinct reference is resolved once per resolver.
/// </summary>
public sealed class RefResolver
{
    private readonly Dictionary<string, IRefBackend> _backends;
    private readonly Dictionary<string, Task<ResolvedRef>> _cache = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public RefResolver(IReadOnlyDictionary<string, IRefBackend> backends)
    {
        _backends = new Dictionary<string, IRefBackend>(backends, StringComparer.Ordinal);
    }

    /// <summary>
    /// env, file, sops, plus every <c>ref+…</c> scheme of the registered secret-store providers
    /// (<see cref="SecretStoreProviders"/>: vault, awssecrets, awsssm, azurekeyvault, …), their stores built from the
    /// environment. <paramref name="cloudOptions"/> (HTTP handler, credential, retries) applies to the Azure client.
    /// </summary>
    public static RefResolver FromEnvironment(KeySourceContext context, SopsEngine engine, DecryptOptions options, CloudKeyOptions? cloudOptions = null)
    {
        var env = context.Environment;
        var cwd = env.CurrentDirectory;
        var backends = new Dictionary<string, IRefBackend>(StringComparer.Ordinal)
        {
            ["env"] = new EnvRefBackend(env),
            ["file"] = new FileRefBackend(cwd),
            ["sops"] = new FileRefBackend(cwd, engine, options),
        };
        foreach (var scheme in SecretStoreProviders.CreateDefault().All.SelectMany(p => p.RefSchemes))
        {
            backends.Add(scheme.Scheme, new StoreRefBackend(
                r => scheme.Locate(r.Path, r.Text), storeKey => scheme.Create(storeKey, context, cloudOptions)));
        }
        return new RefResolver(backends);
    }

    public Task<ResolvedRef> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(text, out var known)) return known;
            var reference = RefUri.Parse(text);
            if (!_backends.TryGetValue(reference.Scheme, out var backend))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"{text}: unsupported ref scheme '{reference.Scheme}'",
                    "supported: " + string.Join(", ", _backends.Keys.Order(StringComparer.Ordinal)));
            }
            var task = backend.ResolveAsync(reference, cancellationToken);
            _cache[text] = task;
            return task;
        }
    }
}
