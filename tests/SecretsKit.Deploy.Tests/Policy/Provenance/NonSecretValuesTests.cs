using SecretsKit.Deploy.Tests.Policy;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Tests.Policy.Provenance;

/// <summary>
/// Which values of a whole-file-encrypted values file are names or locations (<see cref="NonSecretValues"/>) and so are
/// not looked for as secrets: decided by the key's last word and the value's shape together.
/// </summary>
public sealed class NonSecretValuesTests
{
    [Fact]
    public void The_production_guides_secrets_file_keeps_only_the_password_and_the_stripe_key_as_secrets()
    {
        var p = new ValueProvenance();
        p.AddFile("environments/staging/values.yaml", "image:\n  repository: registry.example.com/shop/api\n  tag: \"1.4.2\"\n", encrypted: false);
        p.AddFile("environments/staging/secrets.yaml", """
            image:
              pullSecrets:
                - name: regcred
            database:
              host: postgres.shop-staging.svc.cluster.local
              password: demo-seed-staging-db-password-4c1
            apiKeys:
              stripe: sk_test_demo_seed_staging_not_real_7e2
            """, encrypted: true);

        Assert.Equal(["apiKeys.stripe", "database.password"], p.Decrypted.Select(d => d.Origin.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("image.pullSecrets[0].name", "regcred")]
    [InlineData("imagePullSecrets[0].name", "registry-credentials")]
    [InlineData("global.imagePullSecrets[0]", "regcred")]
    [InlineData("tls.secretName", "shop-tls")]
    [InlineData("auth.existingSecret", "shop-db-auth")]
    [InlineData("auth.existingSecretPasswordKey", "db-password")]
    [InlineData("smtp.passwordSecretRef.name", "smtp-auth")]
    [InlineData("database.host", "postgres.shop-staging.svc.cluster.local")]
    [InlineData("database.host", "10.20.30.40:5432")]
    [InlineData("redis.hosts", "redis-0.redis:6379, redis-1.redis:6379")]
    [InlineData("kafka.bootstrap_servers", "broker-1.example.com:9092,broker-2.example.com:9092")]
    [InlineData("api.baseUrl", "https://api.example.com")]
    [InlineData("vault.address", "https://vault.internal.example:8200/")]
    [InlineData("ldap.server", "[2001:db8::10]:636")]
    [InlineData("database.user", "shop_app")]
    [InlineData("database.name", "shop_production")]
    [InlineData("s3.bucket", "shop-invoices-eu")]
    [InlineData("aws.region", "eu-central-1")]
    [InlineData("app.namespace", "shop-staging")]
    [InlineData("image.repository", "registry.example.com/shop/api")]
    [InlineData("image.tag", "1.4.2-alpine")]
    public void A_name_or_location_under_its_key_is_not_a_secret(string key, string value) => Assert.True(NonSecretValues.Is(key, value));

    [Theory]
    [InlineData("database.password", "postgres.shop-staging.svc.cluster.local")] // the key says secret, whatever the shape
    [InlineData("apiKeys.stripe", "sk_test_demo_not_real")]
    [InlineData("database.dsn", "postgres://shop:pw@db:5432/shop")]
    [InlineData("database.url", "postgres://shop:hunter2@db.example.com:5432")] // a user and password in the URL
    [InlineData("slack.webhookUrl", "https://hooks.example.com/services/T000/B000/XXXX")] // the path is the credential
    [InlineData("api.url", "https://api.example.com/?token=abc123")]
    [InlineData("database.host", "p@ss w0rd!")] // not a host
    [InlineData("image.pullSecrets[0].name", "Not_A_Kubernetes_Name")]
    [InlineData("auth.existingSecret", "Sup3r$ecret")]
    [InlineData("database.user", "user with spaces")]
    [InlineData("image.pullSecrets[0].password", "regcred-password")]
    [InlineData("image.pullSecrets[0].key", "regcred-key")]
    [InlineData("refs.one", "shop-credentials-7a")] // a name, but the key does not say so
    public void Anything_else_stays_a_secret(string key, string value) => Assert.False(NonSecretValues.Is(key, value));

    [Fact]
    public void A_value_also_held_by_a_secret_key_stays_a_secret_and_a_plain_host_is_no_plain_secret()
    {
        var p = new ValueProvenance();
        p.AddFile("values.yaml", "db:\n  host: db.internal.example\n  note: plain-note-in-git\n", encrypted: false);
        p.AddFile("secrets.yaml", "a:\n  host: shared-name-value\n  password: shared-name-value\n", encrypted: true);

        var (value, origin) = Assert.Single(p.Decrypted);
        Assert.Equal("shared-name-value", value);
        Assert.Equal("a.password", origin.Key);
        // SK-PLAINTEXT-002 does not report a host taken from a plain file into a Secret; other plain values it does
        Assert.Null(p.PlainOrigin("db.internal.example"));
        Assert.Equal("db.note", p.PlainOrigin("plain-note-in-git")?.Key);
    }
}
