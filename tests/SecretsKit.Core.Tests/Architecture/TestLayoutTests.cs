using SecretsKit.Testing.Architecture;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>CONTRIBUTING.md's test layout over the whole repository: a test class named for a src type sits beside it.</summary>
public sealed class TestLayoutTests
{
    /// <summary>Test files out of place, each with why: the list only shrinks (an entry no longer out of place fails).</summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        // Named for a feature that shares a src type's name, not for the type.
        ["tests/SecretsKit.Cli.Tests/Files/EditTests.cs"] = "the edit verb through the process, not Deploy/Diff/Edit",
        ["tests/SecretsKit.Cli.Tests/Helm/PostRendererTests.cs"] = "the helm post-renderer verb through the process, not Deploy's unittest PostRenderer",
        ["tests/SecretsKit.Deploy.Tests/UnitTest/KubernetesProviderTests.cs"] = "helm-unittest's kubernetesProvider, not Cloud's Kubernetes store",
        // Test how a higher project uses a Go type (Core's tree, Templates' values): Go.Tests may not see those projects.
        ["tests/SecretsKit.Core.Tests/Crypto/GoFormatTests.cs"] = "Core's MAC and tree text through Go's float and time formats",
        ["tests/SecretsKit.Templates.Tests/GoStringTests.cs"] = "Templates' value model over Go's byte strings",
        // Reconcile through the agent (AgentCluster, the agent's providers): Cloud.Tests may not see the agent. The Cloud
        // types' own rules are tested in Cloud.Tests; these are the agent's use of them.
        ["tests/SecretsKit.Agent.Tests/Controllers/PushSecrets/AzurePushMetadataTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Controllers/PushSecrets/GcpPushMetadataTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Controllers/PushSecrets/OnePasswordPushMetadataTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/Auth/GcpAwsFederationTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/Auth/GcpCredConfigTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/Auth/VaultGcpAuthTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/Auth/VaultIamAuthTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/GcpSecretManagerProviderTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/KubernetesProviderTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/OnePasswordProviderTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/ProviderValuesTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/WebhookNtlmTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
        ["tests/SecretsKit.Agent.Tests/Providers/WebhookProviderTests.cs"] = "an ExternalSecret or PushSecret reconciled by the agent",
    };

    [Fact]
    public void Every_test_class_named_for_a_src_type_sits_in_that_types_folder_of_its_test_project()
    {
        var problems = TestLayout.Problems([]);
        var misplaced = problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

        var unlisted = problems.Where(p => !Known.ContainsKey(p[..p.IndexOf(':', StringComparison.Ordinal)])).ToList();
        var stale = Known.Keys.Where(k => !misplaced.Contains(k)).ToList();

        Assert.Empty(unlisted);
        Assert.Empty(stale);
    }

    [Fact]
    public void A_test_in_another_folder_or_another_project_is_found_and_a_shared_name_or_a_helper_is_not_judged()
    {
        string[] sources =
        [
            "src/SecretsKit.Cloud/Aws/Keys/AwsKms.cs",
            "src/SecretsKit.Deploy/Release/Pipeline/ReleaseRun.cs",
            "src/SecretsKit.Deploy/Release/Pipeline/ReleaseRun.Policy.cs",
            "src/SecretsKit.Core/Formats/Yaml/Node.cs",
            "src/SecretsKit.Agent/Model/Node.cs",
        ];
        string[] tests =
        [
            "tests/SecretsKit.Cloud.Tests/Aws/Keys/AwsKmsTests.cs",
            "tests/SecretsKit.Cloud.Tests/Aws/Kms/AwsKmsTests.cs",
            "tests/SecretsKit.Agent.Tests/Aws/AwsKmsTests.cs",
            "tests/SecretsKit.Deploy.Tests/Release/ReleaseRunTests.cs",
            "tests/SecretsKit.Deploy.Tests/Release/Pipeline/ReleaseRunTests.cs",
            "tests/SecretsKit.Core.Tests/NodeTests.cs",
            "tests/SecretsKit.Core.Tests/Formats/AwsKmsFixture.cs",
            "tests/SecretsKit.Core.Tests/OtherTests.cs",
        ];

        Assert.Equal(
        [
            "tests/SecretsKit.Agent.Tests/Aws/AwsKmsTests.cs: AwsKms is in src/SecretsKit.Cloud/Aws/Keys: move it to tests/SecretsKit.Cloud.Tests/Aws/Keys/",
            "tests/SecretsKit.Cloud.Tests/Aws/Kms/AwsKmsTests.cs: AwsKms is in src/SecretsKit.Cloud/Aws/Keys: move it to tests/SecretsKit.Cloud.Tests/Aws/Keys/",
            "tests/SecretsKit.Deploy.Tests/Release/ReleaseRunTests.cs: ReleaseRun is in src/SecretsKit.Deploy/Release/Pipeline: move it to tests/SecretsKit.Deploy.Tests/Release/Pipeline/",
        ], TestLayout.ProblemsOf(sources, tests));
    }
}
