using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Tests.Refs;

public sealed class YamlRefRewriterStreamTests
{
    [Fact]
    public async Task Multi_document_manifests_keep_their_documents_separated_by_dashes()
    {
        var env = new MapEnvironment(new Dictionary<string, string> { ["T"] = "tok-1" }, "/", "/");
        var resolver = new RefResolver(new Dictionary<string, IRefBackend> { ["env"] = new EnvRefBackend(env) });
        var output = await YamlRefRewriter.RewriteAsync("kind: A\n---\nkind: Secret\nstringData:\n  t: ref+env://T\n", resolver, CancellationToken.None);
        Assert.Equal("kind: A\n---\nkind: Secret\nstringData:\n  t: \"tok-1\"\n", output);
    }
}
