using SecretsKit.Deploy.Release.Redaction;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>What a paused canary's record keeps of a release's inputs, and <c>--resume</c> compares.</summary>
internal sealed partial class ReleaseRun
{
    /// <summary>
    /// <see cref="ReleasePlan.InputsDigest"/> of the release's chart and values as this run has them (decrypting and pulling
    /// as a render would, once per run); null when the chart could not be read (said on stderr).
    /// </summary>
    public async Task<string?> InputsDigestAsync(CancellationToken ct)
    {
        var values = await ValuesAsync(ct);
        if (await ChartAsync(ct) is not { } chart) return null;
        return ReleasePlan.InputsDigest(chart, values, _inputs!.DecryptedFiles, EncryptedFiles, text => SecretRedactor.Redact(text, Sensitive));
    }
}
