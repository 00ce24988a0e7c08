using SecretsKit.Core.Credentials;

namespace SecretsKit.Core.Tests.Credentials;

/// <summary>
/// The credential rules one file at a time: every planted credential gives its rule at its line, the look-alikes
/// (placeholders, AWS's documented example key, references, encrypted values, templates, base64 runs that are no JSON
/// Web Token, a line marked secretskit:allow) give none, and a finding never holds the value.
/// </summary>
public sealed class CredentialFinderTests
{
    [Fact]
    public void Every_planted_credential_is_found_by_its_rule_at_its_line_and_the_look_alikes_are_not()
    {
        var planted = PlantedCredentials.Create();

        var found = planted.Files
            .SelectMany(f => CredentialFinder.Find(f.Key, f.Value).Select(h => (f.Key, h.RuleId, h.Line)))
            .OrderBy(x => x.Key, StringComparer.Ordinal).ThenBy(x => x.Line).ToList();

        Assert.Equal(planted.Expected.OrderBy(x => x.Path, StringComparer.Ordinal).ThenBy(x => x.Line).ToList(), found);
    }

    [Fact]
    public void A_finding_names_the_shape_or_the_key_never_the_value()
    {
        var planted = PlantedCredentials.Create(7);
        foreach (var (path, content) in planted.Files)
        {
            foreach (var hit in CredentialFinder.Find(path, content))
            {
                Assert.DoesNotContain(planted.Values, v => hit.What.Contains(v, StringComparison.Ordinal));
            }
        }
        var hits = CredentialFinder.Find("app.ini", "client_secret = " + planted.Random("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF", 30) + "\n");
        Assert.Equal("holds a high-entropy value under 'client_secret'", Assert.Single(hits).What);
    }

    [Theory]
    [InlineData("password: hunter2")]                       // short, low entropy
    [InlineData("password: correct-horse-battery")]         // words: entropy under 3.5
    [InlineData("api_token: ${API_TOKEN}")]
    [InlineData("db_password: '{{ .Values.password }}'")]
    [InlineData("existingSecretPassword: app-db-credentials-x9")]
    [InlineData("tokenUrl: https://login.example.net/oauth2/v2.0/token")]
    [InlineData("password: ENC[AES256_GCM,data:Zm9vYmFyYmF6cXV4,iv:MTIzNDU2Nzg5MDEy,tag:YWJjZGVmZ2hpamtsbW5vcA==,type:str]")]
    public void Values_under_secret_names_that_are_no_random_secret_are_not_reported(string line)
    {
        Assert.Empty(CredentialFinder.Find("values.yaml", line + "\n"));
    }

    [Fact]
    public void A_Secret_manifest_with_only_encrypted_or_templated_or_empty_data_is_not_reported()
    {
        const string encrypted = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData:\n  token: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]\n";
        const string empty = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata: {}\nstringData:\n  token: \"\"\n";
        const string placeholder = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData:\n  token: changeme\n";
        Assert.Empty(CredentialFinder.Find("a.yaml", encrypted));
        Assert.Empty(CredentialFinder.Find("a.yaml", empty));
        Assert.Empty(CredentialFinder.Find("a.yaml", placeholder));
        Assert.Empty(CredentialFinder.Find("a.yaml", "kind: Secret\nstringData: {a: [unclosed\n"));
    }

    [Fact]
    public void Near_misses_repeated_through_a_large_file_give_no_finding()
    {
        // each line almost matches the AWS secret key and the JWT shapes: patterns anchored on literals with bounded
        // repeats reject them without backtracking over the file (a match timeout would be a scan-budget finding)
        var text = string.Concat(Enumerable.Repeat("aws_secret_access_key: " + new string('A', 39) + " eyJ" + new string('a', 5000) + ".eyJ\n", 200));
        Assert.Empty(CredentialFinder.Find("x.txt", text));
    }
}
