using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.Tests.Helm;

public sealed class HelmSecretsUrlTests
{
    [Theory]
    [InlineData("secrets://s.yaml", "s.yaml", false, null)]
    [InlineData("secrets://?s.yaml", "s.yaml", true, null)]
    [InlineData("secrets:///abs/s.yaml", "/abs/s.yaml", false, null)]
    [InlineData("secrets://sops!s.yaml", "s.yaml", false, "sops")]
    [InlineData("secrets://!a!b.yaml", "a!b.yaml", false, null)]
    public void Secrets_urls_give_file_optionality_and_backend(string url, string file, bool optional, string? backend)
    {
        var parsed = HelmSecretsUrl.Parse(url);

        Assert.Equal((KeyImport.None, false, file, optional, backend), (parsed.Import, parsed.FromKubernetes, parsed.File, parsed.Optional, parsed.Backend));
    }

    [Fact]
    public void Key_import_urls_split_key_and_file_at_the_first_question_mark()
    {
        var age = HelmSecretsUrl.Parse("secrets+age-import:///keys/k.txt??env/s.yaml");
        var gpg = HelmSecretsUrl.Parse("secrets+gpg-import://k.asc?s.yaml");

        Assert.Equal((KeyImport.Age, "/keys/k.txt", "env/s.yaml", true), (age.Import, age.KeyFile, age.File, age.Optional));
        Assert.Equal((KeyImport.Gpg, "k.asc", "s.yaml", false), (gpg.Import, gpg.KeyFile, gpg.File, gpg.Optional));
    }

    [Theory]
    [InlineData("secrets+age-import-kubernetes://argocd/sops-age#keys.txt?s.yaml", "argocd", "sops-age", "keys.txt", KeyImport.Age)]
    [InlineData("secrets+gpg-import-kubernetes://gpg#key.asc?s.yaml", null, "gpg", "key.asc", KeyImport.Gpg)]
    public void Kubernetes_import_urls_name_namespace_secret_and_key(string url, string? ns, string name, string key, KeyImport import)
    {
        var parsed = HelmSecretsUrl.Parse(url);

        Assert.True(parsed.FromKubernetes);
        Assert.Equal((ns, name, key, import, "s.yaml"), (parsed.SecretNamespace, parsed.SecretName, parsed.SecretKey, parsed.Import, parsed.File));
    }

    [Theory]
    [InlineData("secrets+age-import://?/keys/k.txt?s.yaml", "/keys/k.txt", null)]
    [InlineData("secrets+age-import://?sops!/keys/k.txt?s.yaml", "/keys/k.txt", "sops")]
    public void The_leading_question_mark_form_of_helm_secrets_makes_an_import_optional(string url, string key, string? backend)
    {
        var parsed = HelmSecretsUrl.Parse(url);

        Assert.Equal((KeyImport.Age, key, "s.yaml", true, backend), (parsed.Import, parsed.KeyFile, parsed.File, parsed.Optional, parsed.Backend));
    }

    [Theory]
    [InlineData("secrets+literal://8080", "8080", null)]
    [InlineData("secrets+literal://vals!ref+echo://87", "ref+echo://87", "vals")]
    public void Literal_urls_carry_the_value_and_its_backend(string url, string value, string? backend)
    {
        var parsed = HelmSecretsUrl.Parse(url);

        Assert.True(parsed.IsLiteral);
        Assert.Equal((value, backend), (parsed.File, parsed.Backend));
    }

    [Theory]
    [InlineData("secrets+age-import://keyonly", "Invalid syntax: secrets+age-import://[path to key]?[path secrets.yaml]")]
    [InlineData("secrets+age-import://?keyonly", "Invalid syntax: secrets+age-import://[path to key]?[path secrets.yaml]")]
    [InlineData("secrets+age-import-kubernetes://name-without-key?s.yaml", "NAME#KEY")]
    [InlineData("secret://s.yaml", "Unknown protocol 'secret://s.yaml'!")]
    public void Malformed_or_unsupported_urls_are_clear_errors(string url, string message)
    {
        var e = Assert.Throws<SecretsKitException>(() => HelmSecretsUrl.Parse(url));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Generic, e.ExitCode);
    }
}
