using System.Security.Cryptography;
using System.Text.Json;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Registry;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Distribution;

/// <summary>
/// What <c>scripts/release.sh</c> builds, installed back the way a user installs it, from real registries on 127.0.0.1:
/// the image through Debian's docker-registry with skopeo, the chart through the same registry with real Helm 3.10.1
/// and 4.1.4, a Helm 4 plugin over HTTP with signature verification on, and SHA256SUMS with sha256sum and gpg. The tool
/// package is installed and run by <see cref="ToolPackageTests"/> from the same release.
/// </summary>
public sealed class ReleaseArtifactsTests
{
    private const string Repository = "secretskit/secretskit-agent";

    [ReleaseFact]
    public async Task Image_pushed_with_skopeo_comes_back_from_the_registry_non_root_with_ca_bundle_and_runs_the_agent()
    {
        var release = await ReleaseBuild.GetAsync();
        await using var registry = await LocalRegistry.StartAsync();
        using var temp = new TempDir("sk-release-image-");
        var tag = ReleaseBuild.AppVersion;
        var layout = Path.Combine(release.OutDir, "secretskit-agent-image");
        var reference = $"docker://{registry.Host}/{Repository}:{tag}";
        var built = ManifestDigest(layout, tag);

        await Run("skopeo", ["copy", "--insecure-policy", "--dest-tls-verify=false", $"oci:{layout}:{tag}", reference]);
        var inspect = JsonDocument.Parse(await Run("skopeo", ["inspect", "--tls-verify=false", reference]));
        Assert.Equal(built, inspect.RootElement.GetProperty("Digest").GetString());
        var pulled = Path.Combine(temp.Path, "pulled");
        await Run("skopeo", ["copy", "--insecure-policy", "--src-tls-verify=false", reference, $"oci:{pulled}:{tag}"]);
        Assert.Equal(built, ManifestDigest(pulled, tag));

        var config = ImageConfig(pulled, tag).GetProperty("config");
        Assert.Equal("65532:65532", config.GetProperty("User").GetString());
        var entrypoint = config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(["/app/secretskit-agent"], entrypoint);
        var env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", env);

        var bundle = Path.Combine(temp.Path, "bundle");
        var root = Environment.UserName == "root";
        await Run("umoci", root ? ["unpack", "--image", $"{pulled}:{tag}", bundle] : ["unpack", "--rootless", "--image", $"{pulled}:{tag}", bundle]);
        var rootfs = Path.Combine(bundle, "rootfs");
        var certificates = Directory.GetFiles(Path.Combine(rootfs, "usr", "share", "ca-certificates"), "*.crt", SearchOption.AllDirectories);
        var pem = await File.ReadAllTextAsync(Path.Combine(rootfs, "etc", "ssl", "certs", "ca-certificates.crt"));
        Assert.True(certificates.Length > 100, $"only {certificates.Length} CA certificates in the image");
        Assert.Equal(certificates.Length, pem.Split("-----BEGIN CERTIFICATE-----").Length - 1);
        Assert.Contains("nonroot:x:65532:65532:", await File.ReadAllTextAsync(Path.Combine(rootfs, "etc", "passwd")), StringComparison.Ordinal);

        // The entrypoint inside the image's own root filesystem (its glibc and loader), as the image's user. podman
        // cannot start containers in this sandbox (crun: setrlimit is not permitted), so chroot, or without root the
        // image's own dynamic loader.
        var agent = entrypoint[0];
        var version = root
            ? await Run("chroot", ["--userspec=65532:65532", rootfs, agent, "--version"])
            : await Run(Path.Combine(rootfs, "lib", "x86_64-linux-gnu", "ld-linux-x86-64.so.2"),
                ["--library-path", Path.Combine(rootfs, "lib", "x86_64-linux-gnu") + ":" + Path.Combine(rootfs, "usr", "lib", "x86_64-linux-gnu"), rootfs + agent, "--version"]);
        Assert.StartsWith($"secretskit-agent {CliApp.Version.Split('+')[0]}+", version, StringComparison.Ordinal);
    }

    [ReleaseFact]
    public async Task Chart_pushed_to_the_oci_registry_renders_back_with_helm_3_and_4_and_defaults_to_the_released_image()
    {
        var release = await ReleaseBuild.GetAsync();
        await using var registry = await LocalRegistry.StartAsync();
        var chart = Path.Combine(release.OutDir, $"secretskit-agent-{ReleaseBuild.ChartVersion}.tgz");
        using var helm4 = new RealHelm(version: RealHelm.Helm4Version);
        using var helm3 = new RealHelm();

        var push = await helm4.RunAsync(["push", chart, $"oci://{registry.Host}/charts", "--plain-http"]);
        Assert.True(push.ExitCode == 0, "helm push failed: " + push.Stderr + registry.Log);

        // the image the chart names by default: its values' repository, tagged with the appVersion the image carries
        var layoutTag = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(release.OutDir, "secretskit-agent-image", "index.json")))
            .RootElement.GetProperty("manifests")[0].GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString();
        var values = await helm3.RunAsync(["show", "values", chart]);
        var repository = values.StdoutText.Split('\n').SkipWhile(l => l != "image:").First(l => l.StartsWith("  repository:", StringComparison.Ordinal))
            ["  repository:".Length..].Trim();
        var expected = $"image: \"{repository}:{layoutTag}\"";

        var source = $"oci://{registry.Host}/charts/secretskit-agent";
        foreach (var (helm, extra) in new[] { (helm3, Array.Empty<string>()), (helm4, ["--plain-http"]) })
        {
            var render = await helm.RunAsync(["template", "agent", source, "--version", ReleaseBuild.ChartVersion, "--namespace", "secretskit", .. extra]);
            Assert.True(render.ExitCode == 0, $"{helm.HelmPath} template {source} failed: {render.Stderr}");
            Assert.Contains(expected, render.StdoutText, StringComparison.Ordinal);
            Assert.Contains("kind: Deployment", render.StdoutText, StringComparison.Ordinal);
        }
    }

    [ReleaseFact]
    public async Task Helm4_installs_the_signed_plugin_tarball_over_http_and_refuses_a_tampered_one()
    {
        var release = await ReleaseBuild.GetAsync();
        var plugins = Path.Combine(release.OutDir, "helm-plugins");
        using var helm4 = new RealHelm(version: RealHelm.Helm4Version);

        // every tarball the release made verifies against the signing key
        var tarballs = Directory.GetFiles(plugins, "*.tgz").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, tarballs.Count);
        foreach (var tarball in tarballs)
        {
            var verify = await helm4.RunAsync(["plugin", "verify", tarball, "--keyring", release.PublicKeyring]);
            Assert.True(verify.ExitCode == 0, $"helm plugin verify {Path.GetFileName(tarball)}: {verify.Stderr}{verify.StdoutText}");
        }

        await using var server = await FakeFileServer.StartAsync();
        var good = "secretskit-getter-0.1.0.tgz";
        var url = server.Put("/" + good, await File.ReadAllBytesAsync(Path.Combine(plugins, good)));
        server.Put("/" + good + ".prov", await File.ReadAllBytesAsync(Path.Combine(plugins, good + ".prov")));
        var install = await helm4.RunAsync(["plugin", "install", url, "--keyring", release.PublicKeyring]);
        Assert.True(install.ExitCode == 0, "helm plugin install failed: " + install.Stderr + install.StdoutText);
        Assert.Contains("Plugin Hash Verified: sha256:" + Sha256(Path.Combine(plugins, good)), install.StdoutText + install.Stderr, StringComparison.Ordinal);
        var list = await helm4.RunAsync(["plugin", "list"]);
        Assert.Matches(@"(?m)^secretskit-getter\s+0\.1\.0\s+getter/v1\s+v1\s+signed", list.StdoutText);

        // the same .prov, a tarball changed by one byte of its plugin.yaml: refused, nothing installed
        var tampered = "secretskit-0.1.0.tgz";
        var tamperedUrl = server.Put("/" + tampered, await TamperAsync(Path.Combine(plugins, tampered)));
        server.Put("/" + tampered + ".prov", await File.ReadAllBytesAsync(Path.Combine(plugins, tampered + ".prov")));
        var refused = await helm4.RunAsync(["plugin", "install", tamperedUrl, "--keyring", release.PublicKeyring]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("sha256 sum does not match for " + tampered, refused.Stderr, StringComparison.Ordinal);
        var after = await helm4.RunAsync(["plugin", "list"]);
        Assert.DoesNotMatch(@"(?m)^secretskit\s", after.StdoutText);
        Assert.False(Directory.Exists(Path.Combine(helm4.PluginsDirectory, "secretskit")), "the tampered plugin was unpacked");
    }

    [ReleaseFact]
    public async Task Sha256sums_cover_every_artifact_match_their_bytes_and_carry_a_valid_signature()
    {
        var release = await ReleaseBuild.GetAsync();
        var check = await ProcessRun.RunAsync("sha256sum", ["--check", "--strict", "SHA256SUMS"], cwd: release.OutDir);
        Assert.True(check.ExitCode == 0, "sha256sum --check: " + check.StdoutText + check.Stderr);
        var listed = (await File.ReadAllLinesAsync(Path.Combine(release.OutDir, "SHA256SUMS"))).Select(l => l[66..]).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(release.OutDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(release.OutDir, f)).Where(f => !f.StartsWith("SHA256SUMS", StringComparison.Ordinal)).ToList();
        Assert.Equal(files.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        foreach (var artifact in new[] { $"secretskit-agent-{ReleaseBuild.ChartVersion}.tgz", $"SecretsKit.{CliApp.Version.Split('+')[0]}.nupkg", "secretskit-agent-image/index.json" })
        {
            Assert.Contains(artifact, listed);
        }
        Assert.Equal(16, listed.Count(f => f.StartsWith("helm-plugins/", StringComparison.Ordinal))); // 8 tarballs, 8 .prov

        var env = new Dictionary<string, string?> { ["GNUPGHOME"] = release.GnupgHome };
        var verify = await ProcessRun.RunAsync("gpg", ["--batch", "--status-fd", "1", "--verify", "SHA256SUMS.asc", "SHA256SUMS"], env, cwd: release.OutDir);
        Assert.True(verify.ExitCode == 0, "gpg --verify: " + verify.Stderr);
        Assert.Contains("[GNUPG:] VALIDSIG " + release.Fingerprint, verify.StdoutText, StringComparison.Ordinal);
    }

    /// <summary>The tarball with one byte of its plugin.yaml changed (a comment added), gzipped again.</summary>
    private static async Task<byte[]> TamperAsync(string tarball)
    {
        using var temp = new TempDir("sk-tamper-");
        await Run("tar", ["-xzf", tarball, "-C", temp.Path]);
        var manifest = Directory.GetFiles(temp.Path, "plugin.yaml", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(manifest, "#\n");
        var changed = Path.Combine(temp.Path, "changed.tgz");
        await Run("tar", ["-czf", changed, "-C", temp.Path, Path.GetFileName(Path.GetDirectoryName(manifest))!]);
        return await File.ReadAllBytesAsync(changed);
    }

    private static string ManifestDigest(string layout, string tag) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(layout, "index.json"))).RootElement.GetProperty("manifests").EnumerateArray()
            .Single(m => m.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString() == tag)
            .GetProperty("digest").GetString()!;

    private static JsonElement ImageConfig(string layout, string tag)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Blob(layout, ManifestDigest(layout, tag)))).RootElement;
        return JsonDocument.Parse(File.ReadAllText(Blob(layout, manifest.GetProperty("config").GetProperty("digest").GetString()!))).RootElement;
    }

    private static string Blob(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static string Sha256(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static async Task<string> Run(string file, string[] args)
    {
        var run = await ProcessRun.RunAsync(file, args, timeout: TimeSpan.FromMinutes(5));
        Assert.True(run.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({run.ExitCode}): {run.Stderr}");
        return run.StdoutText;
    }

    /// <summary>A fact skipped, with the reason, only where the Debian packages the release needs are not installed.</summary>
    private sealed class ReleaseFactAttribute : FactAttribute
    {
        public ReleaseFactAttribute()
        {
            if (ReleaseTools.MissingReason() is { } reason) Skip = reason;
        }
    }
}
