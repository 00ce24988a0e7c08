namespace SecretsKit.Deploy.Validation;

/// <summary>Why a document was skipped, as <see cref="ValidationReport.SkipReasons"/> and the JSON report name it.</summary>
public static class SkipReason
{
    /// <summary>No source had a schema for the document's kind.</summary>
    public const string NoSchema = "no schema";

    /// <summary>The document's kind is in <c>--skip</c>.</summary>
    public const string SkipFlag = "--skip";
}
