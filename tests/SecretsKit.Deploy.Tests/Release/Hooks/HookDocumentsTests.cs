using SecretsKit.Deploy.Tests.Release;

using SecretsKit.Deploy.Release.Hooks;

namespace SecretsKit.Deploy.Tests.Release.Hooks;

public sealed class HookDocumentsTests
{
    [Fact]
    public void Hook_documents_are_dropped_and_everything_else_is_kept_byte_for_byte()
    {
        const string service = "---\n# Source: app/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: app\n";
        const string test = "---\n# Source: app/templates/tests/test-connection.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    \"helm.sh/hook\": test\n";
        const string job = "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: pre-install\n";
        const string config = "---\napiVersion: v1\nkind: ConfigMap\ndata:\n  text: \"helm.sh/hook: in a value\"\n";
        Assert.Equal(service + config, HookDocuments.Remove(service + test + job + config));
        Assert.Equal(service, HookDocuments.Remove(service));
    }
}
