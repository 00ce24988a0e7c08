using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What an apply of one environment would do, worked out before anything in the cluster changes
/// (<see cref="ReleasePipeline.PlanAsync"/>): per release to install, its chart, its redacted diff against what helm
/// deployed, the key paths of its secret values and the SOPS files it decrypts. The promotion gates read it, and its
/// <see cref="Digest"/> is what <c>release diff --digest</c> prints and <c>--approved-digest</c> must equal.
/// </summary>
public sealed record ReleasePlan(IReadOnlyList<PlannedRelease> Releases)
{
    /// <summary>
    /// <c>sha256:…</c> over, per release in run order: its id, its chart digest, its redacted diff, and the name, length
    /// and bytes of each encrypted input file (a re-encryption with the same values changes it too: re-approval is the
    /// conservative side). No decrypted value goes into it.
    /// </summary>
    public string Digest
    {
        get
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
            foreach (var release in Releases)
            {
                Add($"release {release.Target.Id}\nchart {release.Chart.Digest}\ndiff {Encoding.UTF8.GetByteCount(release.RedactedDiff)}\n");
                Add(release.RedactedDiff);
                AddEncryptedFiles(hash, release.EncryptedFiles);
                Add("\n");
            }
            return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    /// <summary>
    /// <c>sha256:…</c> of what one release renders from, which the record of a paused canary keeps and <c>--resume</c>
    /// compares: the chart digest, each value argument in order (a <c>-f</c> file's text, a <c>--set</c>) with the secret
    /// values <paramref name="redact"/>ed, and each decrypted file as its SOPS file's name, length and bytes, as
    /// <see cref="Digest"/> takes them. No decrypted value goes into it.
    /// </summary>
    public static string InputsDigest(RecordedChart chart, IReadOnlyList<string> valueArgs, IReadOnlySet<string> decryptedFiles,
        IReadOnlyList<(string Shown, string Path)> encryptedFiles, Func<string, string> redact)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
        Add($"chart {chart.Digest}\n");
        for (var i = 0; i < valueArgs.Count; i++)
        {
            if (valueArgs[i] is not "-f" || i + 1 == valueArgs.Count)
            {
                Add($"arg {redact(valueArgs[i])}\n");
                continue;
            }
            var file = valueArgs[++i];
            if (decryptedFiles.Contains(file)) continue; // its SOPS file's bytes are taken below
            var text = redact(File.ReadAllText(file));
            Add($"values {Encoding.UTF8.GetByteCount(text).ToString(CultureInfo.InvariantCulture)}\n{text}\n");
        }
        AddEncryptedFiles(hash, encryptedFiles);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Each SOPS file's name, length and bytes (ciphertext), in name order: a re-encryption changes them too.</summary>
    private static void AddEncryptedFiles(IncrementalHash hash, IReadOnlyList<(string Shown, string Path)> encryptedFiles)
    {
        foreach (var (shown, path) in encryptedFiles.OrderBy(f => f.Shown, StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            hash.AppendData(Encoding.UTF8.GetBytes($"\nfile {shown} {bytes.Length.ToString(CultureInfo.InvariantCulture)}\n"));
            hash.AppendData(bytes);
        }
    }

    public bool HasChanges => Releases.Any(r => r.HasChanges);
}

/// <summary>One release of a <see cref="ReleasePlan"/>.</summary>
public sealed record PlannedRelease(
    ReleaseTarget Target, RecordedChart Chart, string RedactedDiff, bool HasChanges, IReadOnlyCollection<string> SecretKeys,
    IReadOnlyList<(string Shown, string Path)> EncryptedFiles);
