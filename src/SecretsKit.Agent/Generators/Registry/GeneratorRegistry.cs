using SecretsKit.Agent.Generators.Acr;
using SecretsKit.Agent.Generators.Beyondtrust;
using SecretsKit.Agent.Generators.Cloudsmith;
using SecretsKit.Agent.Generators.Ecr;
using SecretsKit.Agent.Generators.Fake;
using SecretsKit.Agent.Generators.Gcr;
using SecretsKit.Agent.Generators.Github;
using SecretsKit.Agent.Generators.Gitlab;
using SecretsKit.Agent.Generators.Grafana;
using SecretsKit.Agent.Generators.Mfa;
using SecretsKit.Agent.Generators.Password;
using SecretsKit.Agent.Generators.Quay;
using SecretsKit.Agent.Generators.SshKey;
using SecretsKit.Agent.Generators.Sts;
using SecretsKit.Agent.Generators.Uuid;
using SecretsKit.Agent.Generators.Vault;
using SecretsKit.Agent.Generators.Webhook;

using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Registry;

/// <summary>The generator kinds the agent runs: one registration line each.</summary>
internal static class GeneratorRegistry
{
    public static readonly IReadOnlyList<IGenerator> All =
    [
        new PasswordGenerator(),
        new UuidGenerator(),
        new FakeGenerator(),
        new SshKeyGenerator(),
        new MfaGenerator(),
        new WebhookGenerator(),
        new EcrAuthorizationTokenGenerator(),
        new StsSessionTokenGenerator(),
        new GithubAccessTokenGenerator(),
        new VaultDynamicSecretGenerator(),
        new GcrAccessTokenGenerator(),
        new QuayAccessTokenGenerator(),
        new GrafanaGenerator(),
        new CloudsmithAccessTokenGenerator(),
        new AcrAccessTokenGenerator(),
        new GitlabDeployTokenGenerator(),
        new BeyondtrustWorkloadCredentialsGenerator(),
    ];

    /// <summary>The kinds a <c>generatorRef</c> may name: every registered kind plus <c>ClusterGenerator</c>.</summary>
    public static IEnumerable<string> Kinds => Types.Select(t => t.Kind);

    /// <summary>The namespaced generator resources plus <c>ClusterGenerator</c>.</summary>
    public static IEnumerable<ResourceType> Types => All.Select(g => g.Type).Append(ResourceTypes.ClusterGenerator);

    public static IGenerator? Find(string kind) => All.FirstOrDefault(g => g.Type.Kind == kind);
}
