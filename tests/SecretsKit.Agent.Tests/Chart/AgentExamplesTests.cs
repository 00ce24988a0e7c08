using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Templates;
using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>Every manifest under examples/agent/ is read by the agent's own parsers without an unsupported field or error.</summary>
public sealed class AgentExamplesTests
{
    private static string ExamplesDirectory => Path.Combine(SharedFixtures.RepositoryRoot, "examples", "agent");

    private static List<(string File, JsonObject Object)> Manifests() =>
        [.. Directory.EnumerateFiles(ExamplesDirectory, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => YamlValues.LoadAll(File.ReadAllText(f)).Select(v => (Path.GetFileName(f), Assert.IsType<JsonObject>(YamlValues.ToJson(v)))))];

    private static IEnumerable<(string File, JsonObject Object)> OfKind(params string[] kinds) =>
        Manifests().Where(m => kinds.Contains(m.Object["kind"]?.GetValue<string>()));

    [Fact]
    public void Examples_cover_every_provider_and_mapping_style()
    {
        var all = Manifests();
        Assert.All(all, m => Assert.Contains(m.Object["kind"]?.GetValue<string>(), new[] { "ExternalSecret", "ClusterExternalSecret", "SecretStore", "ClusterSecretStore", "SopsSecret", "ClusterGenerator", "Password", "UUID", "PushSecret" }));
        Assert.All(all.Where(m => m.Object["kind"]!.GetValue<string>() != "SopsSecret"),
            m => Assert.Contains(m.Object["apiVersion"]!.GetValue<string>(), new[] { "external-secrets.io/v1", "external-secrets.io/v1alpha1", "generators.external-secrets.io/v1alpha1" }));
        var stores = OfKind("SecretStore", "ClusterSecretStore").Select(m => StoreResource.Parse(m.Object)).ToList();
        Assert.Contains(stores, s => s.ProviderName == "vault" && s.ProviderSpec["auth"]?["kubernetes"] is not null);
        Assert.Contains(stores, s => s.ProviderName == "aws" && s.ProviderSpec["service"]?.GetValue<string>() == "SecretsManager");
        Assert.Contains(stores, s => s.ProviderName == "aws" && s.ProviderSpec["service"]?.GetValue<string>() == "ParameterStore");
        Assert.Contains(stores, s => s.ProviderName == "azurekv");
        Assert.Contains(stores, s => s.Kind == StoreKind.ClusterSecretStore && s.Conditions.Count > 0);
        var externalSecrets = OfKind("ExternalSecret").Select(m => ExternalSecretResource.Parse(m.Object)).ToList();
        Assert.Contains(externalSecrets, e => e.Data.Count > 0);
        Assert.Contains(externalSecrets, e => e.DataFrom.Any(d => d.Extract is not null));
        Assert.Contains(externalSecrets, e => e.DataFrom.Any(d => d.Find is not null && d.Rewrites.Count > 0));
        Assert.Contains(externalSecrets, e => e.Target.Template is { Data.Count: > 0 });
        Assert.Contains(externalSecrets, e => e.DataFrom.Any(d => d.Generator is { Kind: "ClusterGenerator" }));
    }

    [Fact]
    public void Every_example_store_is_claimed_by_the_agent_and_uses_only_supported_provider_fields()
    {
        foreach (var (file, obj) in OfKind("SecretStore", "ClusterSecretStore"))
        {
            var store = StoreResource.Parse(obj);
            Assert.False(string.IsNullOrEmpty(store.Name), file);
            Assert.True(new StoreClaim("secretskit", WithoutController: false).Claims(store), $"{file}: spec.controller is not secretskit");
            Assert.Null(ProviderValidation.FirstUnsupported(store));
            Assert.True(obj["spec"]!["provider"]!.AsObject().Count == 1, $"{file}: exactly one provider");
            if (store.Kind == StoreKind.ClusterSecretStore)
            {
                // every credential reference of a ClusterSecretStore must name its namespace (SecretReader refuses otherwise)
                foreach (var reference in SecretRefs(obj["spec"]!["provider"]!)) Assert.NotNull(reference["namespace"]);
            }
            else Assert.False(string.IsNullOrEmpty(store.Namespace), file);
        }
    }

    /// <summary>
    /// The agent builds each example store's client by the rules it applies in a cluster (a namespaced SecretStore may
    /// not log in with the agent's own service-account token): a store the agent would refuse fails here. Secret
    /// references read a placeholder (the Secrets a user creates), which a provider may then refuse as a credential; no network
    /// is touched while a client is built.
    /// </summary>
    [Fact]
    public async Task Every_example_store_builds_its_client_under_the_agents_own_rules()
    {
        var registry = SecretsKit.Cloud.SecretStoreProviders.CreateDefault(); // the agent's providers, kubernetes and onepassword included
        foreach (var (file, obj) in OfKind("SecretStore", "ClusterSecretStore"))
        {
            var store = StoreResource.Parse(obj);
            var provider = registry.Find(store.ProviderName);
            Assert.True(provider is not null, $"{file}: no provider {store.ProviderName}");
            var spec = new SecretsKit.Cloud.Providers.ProviderSpec(store.Name, store.ProviderSpec, new PlaceholderSecrets(), new SecretsKit.Cloud.Providers.ProviderContext())
            {
                MayUseAgentServiceAccount = store.Kind == StoreKind.ClusterSecretStore,
                ServiceAccounts = new PlaceholderServiceAccounts(),
            };
            try
            {
                await provider.CreateAsync(spec, CancellationToken.None);
            }
            catch (SecretsKit.Cloud.Providers.StoreConfigException e)
            {
                Assert.Fail($"{file}: the agent refuses store {store.Name}: {e.Message}");
            }
            catch (SecretsKit.Core.Errors.SecretsKitException)
            {
                // past the store's own rules: the placeholder is not a real credential (a GCP key file, say)
            }
        }
    }

    /// <summary>What a referenced Secret key holds once the user has created it (the examples' comments say which).</summary>
    private sealed class PlaceholderSecrets : SecretsKit.Cloud.Providers.IStoreCredentials
    {
        public Task<string> ReadAsync(System.Text.Json.Nodes.JsonNode? selector, string field, CancellationToken cancellationToken) =>
            Task.FromResult("placeholder-" + field);
    }

    /// <summary>The ServiceAccounts the examples' comments say to create, annotated as they say.</summary>
    private sealed class PlaceholderServiceAccounts : SecretsKit.Cloud.Providers.IServiceAccountTokens
    {
        public Task<string> TokenAsync(System.Text.Json.Nodes.JsonNode? selector, IReadOnlyList<string> audiences, long? expirationSeconds, string field,
            CancellationToken cancellationToken) => Task.FromResult("placeholder-token");

        public Task<IReadOnlyDictionary<string, string>> AnnotationsAsync(System.Text.Json.Nodes.JsonNode? selector, string field, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/payments-read" });
    }

    [Fact]
    public void Every_example_external_secret_parses_references_an_example_store_and_renders_its_template()
    {
        var stores = OfKind("SecretStore", "ClusterSecretStore").Select(m => StoreResource.Parse(m.Object)).ToList();
        foreach (var (file, obj) in OfKind("ExternalSecret"))
        {
            var es = ExternalSecretResource.Parse(obj);
            Assert.True(es.Store is not null || es.DataFrom.All(d => d.Generator is not null), $"{file}: needs a secretStoreRef");
            Assert.True(es.Data.Count + es.DataFrom.Count > 0, $"{file}: needs data or dataFrom");
            var refs = new[] { es.Store }.Concat(es.Data.Select(d => d.SourceStore)).Concat(es.DataFrom.Select(d => d.SourceStore)).OfType<StoreRef>();
            foreach (var r in refs)
            {
                Assert.True(stores.Any(s => s.Name == r.Name && s.Kind == r.Kind && (s.Kind == StoreKind.ClusterSecretStore || s.Namespace == es.Namespace)),
                    $"{file}: {r.Kind} {r.Name} is not defined in examples/agent");
            }
            var keys = es.Data.Select(d => d.SecretKey).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.All(keys, k => Assert.Matches("^[-._a-zA-Z0-9]+$", k));
            foreach (var d in es.Data)
            {
                Assert.False(string.IsNullOrEmpty(d.Ref.Key), file);
                // an unknown decodingStrategy throws; Base64 needs valid input to succeed
                DecodingStrategy.Decode("aGVsbG8="u8.ToArray(), d.Ref.DecodingStrategy, d.Ref.Key);
            }
            foreach (var rewrite in es.DataFrom.SelectMany(d => d.Rewrites).OfType<RegexpRewrite>()) _ = new Regex(rewrite.Source);
            if (es.Target.Template is { } template)
            {
                var context = keys.ToDictionary(k => k, k => (object?)("value-of-" + k), StringComparer.Ordinal);
                foreach (var (key, text) in template.Data.Concat(template.Labels).Concat(template.Annotations))
                {
                    var rendered = TemplateEngine.Render(text, context, $"{file}: {key}");
                    Assert.DoesNotContain("{{", rendered, StringComparison.Ordinal);
                }
                var desired = ExternalSecretReconciler.Render(es, keys.ToDictionary(k => k, k => Encoding.UTF8.GetBytes("v-" + k), StringComparer.Ordinal));
                Assert.Equal(template.Data.Keys.Order(StringComparer.Ordinal), desired.Data.Keys.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Every_example_push_secret_uses_only_implemented_fields_and_pushes_to_an_example_store()
    {
        var stores = OfKind("SecretStore", "ClusterSecretStore").Select(m => StoreResource.Parse(m.Object)).ToList();
        var pushSecrets = OfKind("PushSecret").ToList();
        Assert.NotEmpty(pushSecrets);
        foreach (var (file, obj) in pushSecrets)
        {
            Assert.Equal("external-secrets.io/v1alpha1", obj["apiVersion"]!.GetValue<string>());
            var ps = PushSecretResource.Parse(obj);
            Assert.Null(PushSecretFieldSupport.FirstUnsupported(ps));
            Assert.False(string.IsNullOrEmpty(ps.SecretName), file);
            Assert.All(ps.Data, d => Assert.False(string.IsNullOrEmpty(d.RemoteKey), file));
            Assert.All(ps.Stores, r => Assert.Contains(stores, s => s.Name == r.Name && s.Kind == r.Kind && (s.Kind == StoreKind.ClusterSecretStore || s.Namespace == ps.Namespace)));
        }
    }

    /// <summary>Objects with name+key under a provider section: the Secret references a store reads credentials from.</summary>
    private static IEnumerable<JsonObject> SecretRefs(JsonNode node)
    {
        if (node is not JsonObject o) yield break;
        if (o["name"] is JsonValue && o["key"] is JsonValue) yield return o;
        foreach (var (_, child) in o)
        {
            foreach (var r in SecretRefs(child!)) yield return r;
        }
    }
}
