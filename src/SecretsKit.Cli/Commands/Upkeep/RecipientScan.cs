using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// <c>scan --recipients [DIR]</c>: every SOPS file under DIR against its creation rule (SK-RECIPIENT-001, -002), and, when
/// DIR holds a promotion file, the recipients two of its environments share (SK-RECIPIENT-003, which reads the helmfile
/// state: the full CLI's). One line per finding in the policy format, or JSON; exit 1 on a finding. Reads metadata only.
/// </summary>
internal static class RecipientScan
{
    public static async Task<int> RunAsync(CliContext context, string directory, string? explicitConfig, bool json, CancellationToken ct)
    {
        var shared = await context.EnvironmentRecipientsAsync(directory, ct);
        var findings = RecipientScanner.Scan(directory, explicitConfig, context.Registry, context.Environment, ct).Concat(shared).ToList();
        await context.Stdout.WriteAsync(json ? Json(findings) : Encoding.UTF8.GetBytes(string.Concat(findings.Select(f => f + "\n"))), ct);
        await context.Stdout.FlushAsync(ct);
        return findings.Count == 0 ? 0 : 1;
    }

    private static byte[] Json(IReadOnlyList<RecipientFinding> findings) => ScanJson.Write(findings, (w, f) =>
    {
        w.WriteString("id", f.Id);
        w.WriteString("severity", f.Severity);
        w.WriteString("title", f.Title);
        w.WriteString("path", f.Path);
        w.WriteString("recipient", f.Recipient);
        w.WriteString("message", f.Message);
    });
}
