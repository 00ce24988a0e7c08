using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>Runs the validator over one manifest stream, as <c>secretskit validate</c> would (origin <c>m.yaml</c>).</summary>
internal static class ValidationRun
{
    public static Task<ValidationReport> ValidateAsync(string text, ValidationOptions? options = null) =>
        new ManifestValidator(options ?? new ValidationOptions()).ValidateAsync([new ManifestSource("m.yaml", text)], null, CancellationToken.None);

    /// <summary>The findings as their one-line text.</summary>
    public static async Task<List<string>> FindingsAsync(string text, ValidationOptions? options = null) =>
        (await ValidateAsync(text, options)).Issues.Select(i => i.ToString()).ToList();
}
