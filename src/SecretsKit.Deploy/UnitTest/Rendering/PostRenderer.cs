using System.Globalization;
using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// A suite's <c>postRenderer: {cmd, args}</c>, run as helm-unittest runs it (helm's exec post-renderer) over one test's
/// rendered templates: every template's text in one stream, in file order, each after a <c>---</c> /
/// <c>#### file: path</c> header, on the command's standard input; its standard output is split back by those headers
/// (all of it as <c>manifest.yaml</c> when none survived). <c>cmd</c> is looked up on <c>PATH</c> when it has no
/// <c>/</c>, else taken relative to the run's working directory, which is also the command's. No shell: the arguments
/// go as given. Unlike helm, the command has a time limit and an output budget, and its error output is reported with
/// any line holding a decrypted value left out.
/// </summary>
internal sealed class PostRenderer(IProcessRunner processes, string workingDirectory, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>The file header helm-unittest writes before each template's text.</summary>
    public const string FileHeader = "#### file:";

    /// <summary>The one template name of an output whose headers the command dropped.</summary>
    public const string WholeManifest = "manifest.yaml";

    public static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(2);
    private const long OutputBudget = 64L << 20;
    private const int ErrorLines = 20;
    private const int ErrorLineLength = 500;

    /// <summary>The post-rendered templates (keys prefixed with <paramref name="chartName"/> as helm-unittest prefixes them).</summary>
    /// <exception cref="RenderException">The command was not found, failed, ran too long or wrote too much.</exception>
    public async Task<Dictionary<string, List<object?>>> RunAsync(string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> sources,
        string chartName, Func<string, bool> secret, CancellationToken cancellationToken)
    {
        var binary = Resolve(command);
        var input = Encoding.UTF8.GetBytes(Merge(sources));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeLimit);
        var written = 0L;
        var overBudget = false;
        var spec = new ProcessSpec(binary, args, input, environment, workingDirectory, line =>
        {
            written += line.Length + 1;
            if (written <= OutputBudget || overBudget) return;
            overBudget = true;
            limit.Cancel();
        });
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(spec, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RenderException(overBudget
                ? $"post-render failed: {binary} wrote more than {OutputBudget >> 20} MiB and was stopped"
                : $"post-render failed: {binary} did not finish within {TimeLimit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s and was stopped");
        }
        if (result.ExitCode != 0) throw new RenderException(Failed(binary, result, secret));
        return Split(Encoding.UTF8.GetString(result.StandardOutput), chartName);
    }

    /// <summary>The templates in file order (ordinal, as Go sorts strings), each as <c>---\n#### file: path\n</c> and its trimmed text.</summary>
    public static string Merge(IReadOnlyDictionary<string, string> sources)
    {
        var sb = new StringBuilder();
        foreach (var key in sources.Keys.Order(StringComparer.Ordinal))
        {
            sb.Append("---\n").Append(FileHeader).Append(' ').Append(key).Append('\n');
            sb.Append(sources[key].Trim()).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The command's output split at each <c>---\n#### file: path</c>; text before the first header is dropped, as helm-unittest drops it.</summary>
    public static Dictionary<string, List<object?>> Split(string output, string chartName)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var separator = "---\n" + FileHeader;
        var at = output.IndexOf(separator, StringComparison.Ordinal);
        while (at >= 0)
        {
            var next = output.IndexOf(separator, at + separator.Length, StringComparison.Ordinal);
            var block = next < 0 ? output[at..] : output[at..next];
            var headerEnd = block.IndexOf('\n', 4);
            var key = (headerEnd < 0 ? block[(4 + FileHeader.Length)..] : block[(4 + FileHeader.Length)..headerEnd]).TrimStart(' ');
            if (key.Length > 0 && block[4 + FileHeader.Length] == ' ') texts[key] = headerEnd < 0 ? "" : block[(headerEnd + 1)..];
            at = next;
        }
        if (texts.Count == 0) texts[WholeManifest] = output;
        var templates = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        foreach (var (key, text) in texts)
        {
            var name = key.StartsWith(chartName, StringComparison.Ordinal) ? key : chartName + "/" + key;
            templates[name] = ManifestSplitter.Documents(name, text);
        }
        return templates;
    }

    /// <summary>helm's look-up (<see cref="ExecutableSearch"/>): a name without <c>/</c> on <c>PATH</c>, else the path from the working directory.</summary>
    private string Resolve(string command)
    {
        if (ExecutableSearch.Find(command, environment.GetValueOrDefault("PATH") ?? "", workingDirectory) is { } found) return found;
        throw new RenderException(command.Contains('/', StringComparison.Ordinal)
            ? $"unable to find binary at {command}: {Path.GetFullPath(command, workingDirectory)} is not an executable file"
            : $"unable to find binary at {command}: executable file not found in $PATH");
    }

    /// <summary>The exit code and the command's error output (its first lines), a line holding a decrypted value replaced by a note.</summary>
    private static string Failed(string binary, ProcessResult result, Func<string, bool> secret)
    {
        var sb = new StringBuilder($"post-render failed: error while running command {binary}: exit status {result.ExitCode.ToString(CultureInfo.InvariantCulture)}");
        var lines = result.StandardError.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        if (lines is [""]) return sb.Append(" (no error output)").ToString();
        sb.Append(". error output:");
        foreach (var line in lines.Take(ErrorLines))
            sb.Append('\n').Append(secret(line) ? "(line not shown: it holds a value from a decrypted values file)"
                : line.Length > ErrorLineLength ? line[..ErrorLineLength] + "…" : line);
        if (lines.Length > ErrorLines) sb.Append('\n').Append(CultureInfo.InvariantCulture, $"({lines.Length - ErrorLines} more lines not shown)");
        return sb.ToString();
    }
}
