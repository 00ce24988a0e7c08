using System.CommandLine;
using System.Text;
using System.Text.Json;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// <c>scan [dir]</c>: report files a creation rule says must be encrypted that are plaintext or partly plaintext;
/// exit 1 when anything is found (a pre-commit hook), 0 when clean. Never prints a value.
/// </summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string?>("dir") { Arity = ArgumentArity.ZeroOrOne, Description = "directory to scan (default: the working directory)" };
        var format = new Option<string>("--format") { Description = "text (one line per finding) or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("scan", "find files that .sops.yaml says must be encrypted but are (partly) plaintext") { dir, format };
        command.SetAction(async (r, ct) =>
        {
            var scanner = new PlaintextScanner(context.Environment, context.Processes);
            var findings = await scanner.ScanAsync(r.GetValue(dir) ?? ".", r.GetValue(GlobalFlags.Config), ct);
            var output = r.GetValue(format) == "json" ? Json(findings) : Text(findings);
            await context.Stdout.WriteAsync(output, ct);
            await context.Stdout.FlushAsync(ct);
            return findings.Count == 0 ? 0 : 1;
        });
        return command;
    }

    private static byte[] Text(IReadOnlyList<ScanFinding> findings)
    {
        var sb = new StringBuilder();
        foreach (var f in findings) sb.Append(f.Describe()).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Json(IReadOnlyList<ScanFinding> findings)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("clean", findings.Count == 0);
            w.WriteStartArray("findings");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                if (f.KeyPath is null) w.WriteNull("keyPath");
                else w.WriteString("keyPath", f.KeyPath);
                w.WriteString("message", f.Describe());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
