using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Tree;
using SecretsKit.Deploy.Sealing;

namespace SecretsKit.Deploy.Tests.Sealing;

/// <summary>
/// The sealing of a rendered stream with the real SOPS engine and age: placeholders put back into a Secret's data (as
/// <c>b64enc</c> leaves them, inside longer strings, in stringData) and the Secret written as a SopsSecret or a Flux
/// Secret that decrypts to those values; everything else byte for byte; what may not be sealed refused with the template
/// and the values key; an unchanged Secret keeps its ciphertext.
/// </summary>
public sealed class SecretSealerTests
{
    private static readonly PlaceholderKey Key = PlaceholderKey.ForRelease("team/web", [new("secrets.yaml", new byte[32])]);

    private readonly PlaceholderTable _table = new();

    private string Placeholder(string key, string value)
    {
        var p = Key.Make(key, value);
        _table.Add(p, value, key);
        return p;
    }

    private static SealOptions Options(SealFormat format = SealFormat.SopsSecret, IReadOnlyList<PreviousSeal>? previous = null)
    {
        var recipient = TestSops.Engine().Registry.Get("age").Parse(TestSops.AgeRecipient, new KeyParseOptions());
        return new SealOptions(format, new SealRecipients([[recipient]]), "team", "team/web")
        {
            KeySecret = new SopsSecretKeyRef("sops-age-key", "identity.agekey"),
            Previous = previous ?? [],
        };
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task A_secret_with_placeholders_becomes_a_sopssecret_that_decrypts_to_its_values_and_other_documents_stay_byte_for_byte()
    {
        var password = Placeholder("db.password", "hunter2-is-long");
        var user = Placeholder("db.user", "app");
        var configMap = "# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: \"b\"   # kept\n";
        var stream = "---\n" + configMap + "---\n# Source: app/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  labels:\n    app: web\n"
            + $"type: kubernetes.io/basic-auth\ndata:\n  password: {B64(password)}\n  dsn: {B64($"postgres://{user}:{password}@db/app")}\nstringData:\n  username: \"{user}\"\n";

        var sealer = new SecretSealer(TestSops.Engine(), _table, Options());
        var output = await sealer.SealAsync(stream, CancellationToken.None);

        Assert.StartsWith("---\n" + configMap + "---\n# Source: app/templates/secret.yaml\napiVersion: secretskit.io/v1alpha1\nkind: SopsSecret\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.DoesNotContain(B64("hunter2-is-long"), output, StringComparison.Ordinal);
        Assert.Equal([new SealedObject("SopsSecret", null, "web", ["password", "dsn", "username"])], sealer.Sealed, new SealedObjectComparer());
        var manifest = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(ManifestDocuments.Split(output)[1].Text)).Branches[0];
        var spec = (TreeBranch)manifest.Get("spec")!;
        Assert.Equal("kubernetes.io/basic-auth", ((StringValue)((TreeBranch)spec.Get("target")!).Get("type")!).Value);
        var payload = await OpenAsync(((StringValue)spec.Get("sops")!).Value);
        Assert.Equal(new Sequence([new StringValue("team")]), payload.Get("namespaces"));
        var data = (TreeBranch)payload.Get("data")!;
        Assert.Equal(B64("hunter2-is-long"), ((StringValue)data.Get("password")!).Value);
        Assert.Equal(B64("postgres://app:hunter2-is-long@db/app"), ((StringValue)data.Get("dsn")!).Value);
        Assert.Equal(B64("app"), ((StringValue)data.Get("username")!).Value);
    }

    [Fact]
    public async Task A_placeholder_inside_base64_inside_the_data_is_put_back()
    {
        var password = Placeholder("registry.password", "reg-pass-123456");
        string Config(string secret) => $"{{\"auths\":{{\"r.example\":{{\"auth\":\"{B64("robot:" + secret)}\"}}}}}}";
        var stream = $"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: pull\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: {B64(Config(password))}\n";

        var output = await new SecretSealer(TestSops.Engine(), _table, Options()).SealAsync(stream, CancellationToken.None);

        var manifest = new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes(ManifestDocuments.Split(output)[0].Text)).Branches[0];
        var payload = await OpenAsync(((StringValue)((TreeBranch)manifest.Get("spec")!).Get("sops")!).Value);
        Assert.Equal(B64(Config("reg-pass-123456")), ((StringValue)((TreeBranch)payload.Get("data")!).Get(".dockerconfigjson")!).Value);
    }

    [Fact]
    public async Task The_flux_format_keeps_apiversion_kind_and_metadata_plain_and_encrypts_data_and_stringdata()
    {
        var token = Placeholder("token", "s3cr3t-token-value");
        var stream = $"---\n# Source: app/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web\n  namespace: team\nstringData:\n  token: {token}\n";

        var output = await new SecretSealer(TestSops.Engine(), _table, Options(SealFormat.FluxSecret)).SealAsync(stream, CancellationToken.None);

        var bytes = Encoding.UTF8.GetBytes(ManifestDocuments.Split(output)[0].Text);
        var document = new YamlFormat().ParseEncrypted(bytes);
        Assert.Empty(FluxDecryption.Problems(document, bytes.Length));
        var decrypted = await TestSops.Engine().DecryptAsync(document, "flux.yaml");
        Assert.Equal("s3cr3t-token-value", ((StringValue)((TreeBranch)decrypted.Plain.Branches[0].Get("stringData")!).Get("token")!).Value);
        Assert.Contains("name: web", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sealing_the_same_secret_again_keeps_the_earlier_ciphertext_and_a_changed_value_does_not()
    {
        var stream = $"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n  a: {B64(Placeholder("a", "value-one"))}\n";
        var first = await new SecretSealer(TestSops.Engine(), _table, Options()).SealAsync(stream, CancellationToken.None);

        var again = await new SecretSealer(TestSops.Engine(), _table, Options(previous: PreviousSeal.Read(first))).SealAsync(stream, CancellationToken.None);
        var changedStream = $"---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n  a: {B64(Placeholder("a", "value-two"))}\n";
        var changed = await new SecretSealer(TestSops.Engine(), _table, Options(previous: PreviousSeal.Read(first))).SealAsync(changedStream, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  p: {P}\n", "app/templates/x.yaml: ConfigMap cm holds the placeholder of values key db.password outside a Secret's data")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\nbinaryData:\n  p: {B64P}\n", "app/templates/x.yaml: ConfigMap cm holds the placeholder of values key db.password outside a Secret's data")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    note: {P}\nstringData:\n  a: {P}\n", "app/templates/x.yaml: Secret s metadata.annotations.note holds the placeholder of values key db.password outside the Secret's data")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: {UPPER}\n", "app/templates/x.yaml: Secret s stringData.a holds the placeholder of values key db.password changed by a template function (changed in case)")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: {CUT}\n", "app/templates/x.yaml: Secret s stringData.a holds the placeholder of values key db.password changed by a template function (cut short)")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: x{MIDDLE}x\n", "app/templates/x.yaml: Secret s stringData.a holds the placeholder of values key db.password changed by a template function (only a piece of it left)")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  annotations:\n    helm.sh/hook: pre-install\nstringData:\n  a: {P}\n", "app/templates/x.yaml: Secret s is a helm hook (values key db.password)")]
    public async Task What_cannot_be_sealed_is_refused_naming_the_template_object_and_key(string template, string expected)
    {
        var p = Placeholder("db.password", "correct-horse");
        var document = template.Replace("{P}", p, StringComparison.Ordinal).Replace("{B64P}", B64("Basic " + p), StringComparison.Ordinal)
            .Replace("{UPPER}", p.ToUpperInvariant(), StringComparison.Ordinal).Replace("{CUT}", p[..20], StringComparison.Ordinal)
            .Replace("{MIDDLE}", p[10..30], StringComparison.Ordinal);

        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            new SecretSealer(TestSops.Engine(), _table, Options()).SealAsync("---\n# Source: app/templates/x.yaml\n" + document, CancellationToken.None));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("correct-horse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_secret_is_refused_only_when_plain_secrets_are_refused()
    {
        const string stream = "---\n# Source: app/templates/gen.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: gen\nstringData:\n  a: generated\n";

        var kept = await new SecretSealer(TestSops.Engine(), _table, Options()).SealAsync(stream, CancellationToken.None);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            new SecretSealer(TestSops.Engine(), _table, Options() with { RefusePlainSecrets = true }).SealAsync(stream, CancellationToken.None));

        Assert.Equal(stream, kept);
        Assert.Contains("app/templates/gen.yaml: Secret gen has data that holds no decrypted value and would be written in plain text", e.Message, StringComparison.Ordinal);
    }

    private static async Task<TreeBranch> OpenAsync(string sops)
    {
        var decrypted = await TestSops.Engine().DecryptAsync(new YamlFormat().ParseEncrypted(Encoding.UTF8.GetBytes(sops)), "payload.yaml");
        return decrypted.Plain.Branches[0];
    }

    private sealed class SealedObjectComparer : IEqualityComparer<SealedObject>
    {
        public bool Equals(SealedObject? x, SealedObject? y) =>
            x is not null && y is not null && (x.Kind, x.Namespace, x.Name) == (y.Kind, y.Namespace, y.Name) && x.Keys.SequenceEqual(y.Keys);

        public int GetHashCode(SealedObject obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
