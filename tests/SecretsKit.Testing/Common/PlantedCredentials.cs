using System.Text;

namespace SecretsKit.Testing.Common;

/// <summary>
/// A repository with one planted credential of every kind <c>secretskit scan</c> looks for, made at run time from a
/// seeded random source (so no credential-shaped string is ever committed: the prefixes are split in this source), and
/// the finding each one must give (file, rule, line), plus look-alikes that must give none: placeholders, AWS's
/// documented example key, references, encrypted values, a Helm template, base64 runs that are no token.
/// </summary>
public sealed class PlantedCredentials
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Chars = Alnum + "+/";

    private readonly Random _random;

    public PlantedCredentials(int seed = 86) => _random = new Random(seed);

    /// <summary>The planted files (path → content).</summary>
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>The findings the planted credentials must give: path, rule ID, 1-based line.</summary>
    public List<(string Path, string Rule, int Line)> Expected { get; } = [];

    /// <summary>Every planted credential value, none of which may appear in the scan's output.</summary>
    public List<string> Values { get; } = [];

    public static PlantedCredentials Create(int seed = 86)
    {
        var p = new PlantedCredentials(seed);
        p.Cloud();
        p.Tokens();
        p.Manifests();
        p.LookAlikes();
        return p;
    }

    /// <summary>Writes the files under <paramref name="root"/>.</summary>
    public void WriteTo(string root)
    {
        foreach (var (path, content) in Files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
    }

    public string Random(string alphabet, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++) sb.Append(alphabet[_random.Next(alphabet.Length)]);
        return sb.ToString();
    }

    private string Value(string value)
    {
        Values.Add(value);
        return value;
    }

    private void Plant(string path, string[] lines, params (int Line, string Rule)[] findings)
    {
        Files[path] = string.Join('\n', lines) + "\n";
        foreach (var (line, rule) in findings) Expected.Add((path, rule, line));
    }

    private void Cloud()
    {
        var accessKey = Value("AK" + "IA" + Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        var secretKey = Value(Random(Base64Chars, 40));
        Plant("deploy/aws.env", ["# CI credentials", $"AWS_ACCESS_KEY_ID={accessKey}", $"AWS_SECRET_ACCESS_KEY={secretKey}"],
            (2, "aws-access-token"), (3, "aws-secret-access-key"));
        var pem = Value(string.Join("\\n", Enumerable.Range(0, 6).Select(_ => Random(Base64Chars, 64))));
        Plant("deploy/gcp-sa.json",
        [
            "{",
            "  \"type\": \"service_account\",",
            "  \"project_id\": \"shop-prod\",",
            $"  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{pem}\\n-----END PRIVATE KEY-----\\n\",",
            "  \"client_email\": \"ci@shop-prod.iam.gserviceaccount.com\"",
            "}",
        ], (2, "gcp-service-account"));
        var accountKey = Value(Random(Base64Chars, 86) + "==");
        Plant("deploy/storage.conf", ["[storage]", $"connection = DefaultEndpointsProtocol=https;AccountName=shop;AccountKey={accountKey};EndpointSuffix=core.windows.net"],
            (2, "azure-storage-account-key"));
    }

    private void Tokens()
    {
        string Token(string prefix, int length) => Value(prefix + Random(Alnum, length));
        Plant("ci/tokens.yaml",
        [
            "github:",
            $"  pat: {Token("gh" + "p_", 36)}",
            $"  oauth: {Token("gh" + "o_", 36)}",
            $"  app: {Token("gh" + "s_", 36)}",
            $"  fine: {Token("github" + "_pat_", 82)}",
            $"gitlab: {Token("gl" + "pat-", 20)}",
            $"slack: {Value("xo" + "xb-" + Random("0123456789", 12) + "-" + Random("0123456789", 12) + "-" + Random(Alnum, 24))}",
            $"stripe: {Token("sk" + "_live_", 32)}",
            $"npm: {Token("np" + "m_", 36)}",
            $"pypi: {Value("py" + "pi-AgEIcHlwaS5vcmc" + Random(Alnum + "_-", 64))}",
            $"session: {Jwt()}",
        ], (2, "github-pat"), (3, "github-oauth"), (4, "github-app-token"), (5, "github-fine-grained-pat"), (6, "gitlab-pat"),
            (7, "slack-access-token"), (8, "stripe-access-token"), (9, "npm-access-token"), (10, "pypi-upload-token"), (11, "jwt"));
        Plant("config/app.ini", ["[oauth]", "client_id = shop-web", $"client_secret = {Value(Random(Alnum, 27) + "7")}"], (3, "generic-api-key"));
    }

    private void Manifests()
    {
        // the issue's case: a committed Secret elsewhere than the rules' folders, its token a GitHub token
        Plant("k8s/ci-token.yaml",
            ["apiVersion: v1", "kind: Secret", "metadata:", "  name: ci", "stringData:", $"  token: {Token36()}"], (6, "github-pat"));
        var password = Convert.ToBase64String(Encoding.UTF8.GetBytes(Value(Random(Alnum, 20))));
        Plant("k8s/db.yaml",
            ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: db}", "data: {host: db}", "---", "apiVersion: v1", "kind: Secret",
             "metadata:", "  name: db", "data:", "  username: YWRtaW4=", $"  password: {password}"], (11, "kubernetes-secret-yaml"));
    }

    private string Token36() => Value("gh" + "p_" + Random(Alnum, 36));

    /// <summary>A signed-looking JSON Web Token: a JSON header naming its alg, JSON claims, a signature.</summary>
    public string Jwt()
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Value(B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64($"{{\"sub\":\"{Random(Alnum, 12)}\",\"iat\":1700000000}}") + "." + Random(Alnum + "-_", 43));
    }

    private void LookAlikes()
    {
        Plant("docs/setup.md",
        [
            "Put your token in `GITHUB_TOKEN` (it looks like gh" + "p_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx).",
            "AWS documents the key AK" + "IAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY.",
            "password: ${DB_PASSWORD}",
            "api_key: ref+vault://secret/app#key",
            "token: ENC[AES256_GCM,data:" + Random(Base64Chars, 24) + ",iv:" + Random(Base64Chars, 22) + "==,tag:" + Random(Base64Chars, 22) + "==,type:str]",
            "client_secret: <your-client-secret-here>",
            "password: hunter2",
            "eyJ" + Random(Alnum, 20) + ".eyJ" + Random(Alnum, 20) + "." + Random(Alnum, 20),
            "passwordFile: /etc/app/password-file-on-disk",
            "aws_secret_access_key = " + Random(Base64Chars, 40) + "  # secretskit:allow (a revoked key kept for a test)",
        ]);
        Plant("chart/templates/secret.yaml",
            ["apiVersion: v1", "kind: Secret", "metadata:", "  name: {{ .Release.Name }}", "stringData:", "  password: {{ .Values.password | quote }}"]);
        Plant("chart/values.yaml", ["existingSecret: app-db", "auth:", "  password: \"\"", "image:", "  digest: sha256:" + Random("0123456789abcdef", 64)]);
    }
}
