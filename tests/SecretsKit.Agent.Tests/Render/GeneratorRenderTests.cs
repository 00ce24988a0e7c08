using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Testing.Common;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// <c>secretskit-agent render</c> (the real process, no cluster) over ESO's generators that read no cluster and call no
/// service: Fake, SSHKey, MFA, Password (also its <c>secretKeys</c> and <c>encoding</c>) and UUID, namespaced and as
/// ClusterGenerators, with ESO's output keys.
/// </summary>
public sealed partial class GeneratorRenderTests
{
    [GeneratedRegex("^  ([A-Za-z0-9_.-]+): \"([A-Za-z0-9+/=]*)\"$", RegexOptions.Multiline)]
    private static partial Regex DataLine();

    /// <summary>The decoded <c>data</c> of the rendered Secret.</summary>
    private static Dictionary<string, string> Data(string stdout) =>
        DataLine().Matches(stdout[stdout.IndexOf("\ndata:\n", StringComparison.Ordinal)..])
            .ToDictionary(m => m.Groups[1].Value, m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[2].Value)));

    [Fact]
    public async Task Render_runs_fake_sshkey_mfa_password_and_uuid_generators_and_prints_esos_keys()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "generators.yaml");
        File.WriteAllText(file, """
            apiVersion: v1
            kind: Secret
            metadata: {name: totp, namespace: dev}
            stringData: {seed: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}
            ---
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: Fake
            metadata: {name: fake, namespace: dev}
            spec: {data: {foo: bar, baz: bang}}
            ---
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: SSHKey
            metadata: {name: ssh, namespace: dev}
            spec: {keyType: ed25519, comment: render@test}
            ---
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: MFA
            metadata: {name: otp, namespace: dev}
            spec: {secret: {name: totp, key: seed}, length: 8, when: "2009-02-13T23:31:30Z"}
            ---
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: ClusterGenerator
            metadata: {name: pw}
            spec: {kind: Password, generator: {passwordSpec: {length: 16, digits: 4, symbols: 0}}}
            ---
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: UUID
            metadata: {name: id, namespace: dev}
            spec: {}
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: generated, namespace: dev}
            spec:
              refreshInterval: 1h
              dataFrom:
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Fake, name: fake}}
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: SSHKey, name: ssh}}
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: MFA, name: otp}}
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: ClusterGenerator, name: pw}}
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: UUID, name: id}}
            """);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file, "--reveal");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        Assert.Contains("# ExternalSecret dev/generated: SecretSynced", r.StdoutText, StringComparison.Ordinal);
        var data = Data(r.StdoutText);
        Assert.Equal(["baz", "foo", "password", "privateKey", "publicKey", "timeLeft", "token", "uuid"], data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("bar", data["foo"]);
        Assert.Equal("bang", data["baz"]);
        Assert.Equal("89005924", data["token"]); // RFC 6238, T = 1234567890
        Assert.Equal("30", data["timeLeft"]);
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n", data["privateKey"], StringComparison.Ordinal);
        Assert.Matches("^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} render@test\n$", data["publicKey"]);
        Assert.Equal(16, data["password"].Length);
        Assert.Equal(4, data["password"].Count(char.IsAsciiDigit));
        Assert.Equal(36, data["uuid"].Length);
    }

    [Fact]
    public async Task Render_runs_a_password_generator_with_secret_keys_and_an_encoding()
    {
        using var home = new TempDir();
        var file = Path.Combine(home.Path, "passwords.yaml");
        File.WriteAllText(file, """
            apiVersion: generators.external-secrets.io/v1alpha1
            kind: Password
            metadata: {name: pw, namespace: dev}
            spec: {length: 12, secretKeys: [db, api], encoding: hex}
            ---
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: generated, namespace: dev}
            spec:
              refreshInterval: 1h
              dataFrom:
              - sourceRef: {generatorRef: {apiVersion: generators.external-secrets.io/v1alpha1, kind: Password, name: pw}}
            """);

        var r = await AgentRenderTests.RenderAsync(home.Path, "-f", file, "--reveal");

        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        var data = Data(r.StdoutText);
        Assert.Equal(["api", "db"], data.Keys.Order(StringComparer.Ordinal));
        Assert.All(data.Values, hex => Assert.Equal(12, Convert.FromHexString(hex).Length));
        Assert.NotEqual(data["api"], data["db"]);
    }
}
