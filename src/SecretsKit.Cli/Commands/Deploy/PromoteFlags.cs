using System.CommandLine;
using SecretsKit.Deploy.Release.Session;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary><c>release promote</c>'s own flags.</summary>
internal sealed record PromoteFlags(Option<string?> From, Option<bool> DryRun, Option<string?> ApprovedDigest, Option<bool> Pin)
{
    public static PromoteFlags Create() => new(
        new("--from") { Description = "the source environment or stage (default: the target stage's from: in the promotion file)" },
        new("--dry-run") { Description = "print every gate with pass/FAIL and exit 10 or 0, writing nothing" },
        new("--approved-digest") { Description = "the digest `release diff --digest` printed for the approved change (gates.approval: diff-digest)" },
        new("--pin") { Description = "deploy the chart versions the source verified, instead of the state's" });

    public IEnumerable<Option> All => [From, DryRun, ApprovedDigest, Pin];

    /// <summary>The flags as given (all unset outside <c>promote</c>, where they do not exist).</summary>
    public PromoteOptions Read(ParseResult r) => new()
    {
        From = r.GetResult(From) is null ? null : r.GetValue(From),
        DryRun = r.GetResult(DryRun) is not null && r.GetValue(DryRun),
        ApprovedDigest = r.GetResult(ApprovedDigest) is null ? null : r.GetValue(ApprovedDigest),
        Pin = r.GetResult(Pin) is not null && r.GetValue(Pin),
    };
}
