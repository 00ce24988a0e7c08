using System.Text;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// The valid inputs the #45 fuzz slices mutate (<see cref="YamlMutator"/>), shared by the in-process slices and the
/// slices that run the real CLI process, so both fuzz the same files; and the environment that points every cloud
/// key source at a closed loopback port, so no case contacts a real host.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>A loopback port nothing listens on: a request there is refused at once.</summary>
    public const string Closed = "127.0.0.1:9";

    /// <summary>A helmfile state with environments, defaults, repositories and releases (the state slices' base).</summary>
    public const string State = """
        environments:
          default:
            values:
              - env.yaml
              - inline:
                  replicas: 2
                  region: eu-west-1
          prod:
            values: [env.yaml]
        ---
        helmDefaults:
          wait: true
          timeout: 300
          createNamespace: true
        repositories:
          - name: stable
            url: https://charts.example.com
        commonLabels:
          team: web
        releases:
          - name: web
            namespace: apps
            chart: ./charts/web
            version: 1.2.3
            labels: {tier: front}
            values:
              - values/web.yaml
              - image:
                  tag: v1
            set:
              - name: replicas
                value: 3
            needs: [apps/db]
            hooks:
              - events: [presync]
                command: echo
                args: [hi]
          - name: db
            namespace: apps
            chart: stable/postgres
            installed: true
            secrets: []
        """;

    /// <summary>The state's environment values file, with an anchor and an alias.</summary>
    public const string StateValues = """
        replicas: 2
        image:
          repository: nginx
          tag: "1.27"
        list: [a, b, c]
        anchors:
          base: &base {cpu: 1, memory: 1Gi}
          web: *base
        """;

    /// <summary>A <c>.sops.yaml</c> naming every key type (cloud addresses at <see cref="Closed"/>), key groups, regexes, stores and destination rules.</summary>
    public const string SopsConfig = """
        stores:
            yaml:
                indent: 4
            json:
                indent: 2
        creation_rules:
            - path_regex: ^secrets/.*\.yaml$
              encrypted_regex: ^(data|stringData|password)$
              shamir_threshold: 2
              key_groups:
                - age:
                    - age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun
                  pgp:
                    - FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4
                  kms:
                    - arn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                      role: arn:aws:iam::111122223333:role/sops
                      context:
                        app: web
                      aws_profile: dev
                - gcp_kms:
                    - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k
                  azure_keyvault:
                    - vaultUrl: https://127.0.0.1:9
                      key: k
                      version: 0123abcd
                  hc_vault:
                    - https://127.0.0.1:9/v1/transit/keys/k
                  hckms:
                    - key_id: eu-west-101:0123abcd-12ab-34cd-56ef-1234567890ab
            - path_regex: ^flat/
              unencrypted_suffix: _plain
              age: age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun
              pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4
              kms: arn:aws:kms:eu-west-1:111122223333:alias/sops+arn:aws:iam::111122223333:role/r
              gcp_kms: projects/p/locations/global/keyRings/r/cryptoKeys/k
              azure_keyvault: https://127.0.0.1:9/keys/k/0123abcd
              hc_vault_transit_uri: https://127.0.0.1:9/v1/transit/keys/k
              hckms: eu-west-101:0123abcd-12ab-34cd-56ef-1234567890ab
            - age: age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun
        destination_rules:
            - s3_bucket: bucket
              s3_prefix: prefix/
              path_regex: ^publish/
              reencryption_rule:
                age: age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun
        """;

    /// <summary>One stanza of each cloud key type, every address a closed loopback port (<see cref="Closed"/>).</summary>
    public static readonly string CloudStanzas = $"""
            kms:
                - arn: arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
                  role: arn:aws:iam::111122223333:role/sops
                  context:
                    app: web
                  created_at: "2026-11-25T00:00:00Z"
                  enc: AQICAHhFAKEFAKEFAKE==
                  aws_profile: ""
            gcp_kms:
                - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k
                  created_at: "2026-11-25T00:00:00Z"
                  enc: CiQAFAKEFAKE
            azure_kv:
                - vault_url: https://{Closed}
                  name: k
                  version: 0123abcd
                  created_at: "2026-11-25T00:00:00Z"
                  enc: FAKEFAKE
            hc_vault:
                - vault_address: http://{Closed}
                  engine_path: transit
                  key_name: k
                  created_at: "2026-11-25T00:00:00Z"
                  enc: vault:v1:FAKEFAKE
            hckms:
                - key_id: eu-west-101:0123abcd-12ab-34cd-56ef-1234567890ab
                  created_at: "2026-11-25T00:00:00Z"
                  enc: FAKEFAKE
        """;

    /// <summary>
    /// Two real sops files (flat, and Shamir key groups) with <see cref="CloudStanzas"/> added next to their age
    /// stanzas: the age identities in <see cref="AgeKeyFileText"/> still recover their data keys.
    /// </summary>
    public static IReadOnlyList<string> KeyStanzaBases()
    {
        var flat = Encoding.UTF8.GetString(SharedFixtures.Read("sopsnix-secrets.enc.yaml"));
        var grouped = Encoding.UTF8.GetString(SharedFixtures.Read("SYNTHETIC-shamir-2of2-age.enc.yaml"));
        return
        [
            flat.Replace("    kms: []\n    gcp_kms: []\n    azure_kv: []\n    hc_vault: []\n", CloudStanzas + "\n", StringComparison.Ordinal),
            grouped.Replace("          hc_vault: []\n", Indent(CloudStanzas, 6) + "\n", StringComparison.Ordinal),
        ];
    }

    /// <summary>The age identities that open <see cref="KeyStanzaBases"/>, as one keys file.</summary>
    public static string AgeKeyFileText => string.Join("\n",
        new[] { "sopsnix-age-keys.txt", "age-unittest-identity.txt", "age-unittest-other-identity.txt" }.Select(f => File.ReadAllText(SharedFixtures.PathOf(f))));

    /// <summary>
    /// Credentials and SDK endpoint variables that send every cloud key source to <see cref="Closed"/>: AWS
    /// (<c>AWS_ENDPOINT_URL</c>), GCP Cloud KMS (<c>SOPS_GCP_KMS_ENDPOINT</c>), Azure's authority (the vault is the
    /// stanza's own), Vault (<c>VAULT_ADDR</c>) and HuaweiCloud's eu-west-101 KMS.
    /// </summary>
    public static Dictionary<string, string> ClosedCloudEnvironment() => new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAFUZZ", ["AWS_SECRET_ACCESS_KEY"] = "fuzz", ["AWS_ENDPOINT_URL"] = $"http://{Closed}",
        ["AWS_EC2_METADATA_DISABLED"] = "true", ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "fuzz", ["SOPS_GCP_KMS_ENDPOINT"] = $"http://{Closed}",
        ["VAULT_ADDR"] = $"http://{Closed}", ["VAULT_TOKEN"] = "fuzz",
        ["HUAWEICLOUD_SDK_AK"] = "fuzz", ["HUAWEICLOUD_SDK_SK"] = "fuzz", ["HUAWEICLOUD_SDK_REGION_KMS_EU_WEST_101"] = $"http://{Closed}",
        ["AZURE_TENANT_ID"] = "fuzz", ["AZURE_CLIENT_ID"] = "fuzz", ["AZURE_CLIENT_SECRET"] = "fuzz", ["AZURE_AUTHORITY_HOST"] = $"https://{Closed}",
    };

    private static string Indent(string text, int by) =>
        string.Concat(text.Split('\n').Select(l => l.Length == 0 ? "\n" : new string(' ', by) + l + "\n"))[..^1];
}
