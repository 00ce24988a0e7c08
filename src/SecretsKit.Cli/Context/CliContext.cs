using SecretsKit.Cli.Edition;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats;
using SecretsKit.Core.KeyService;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Context;

/// <summary>What every command uses from the outside world; built once per process.</summary>
internal sealed class CliContext
{
    private readonly Lazy<KeySourceRegistry> _registry;

    public CliContext(IEnvironment environment, IProcessRunner processes, TimeProvider time, Stream stdin, Stream stdout, TextWriter stderr,
        Func<bool>? stdinIsTerminal = null)
    {
        _stdinIsTerminal = stdinIsTerminal ?? (() => false);
        Environment = environment;
        Processes = processes;
        Time = time;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        var keyContext = new KeySourceContext(environment, processes, time);
        _registry = new Lazy<KeySourceRegistry>(() => KeyServiceRouting.Apply(CliEdition.KeySources(keyContext, Warn),
            KeyServices));
    }

    public IEnvironment Environment { get; }

    public IProcessRunner Processes { get; }

    public TimeProvider Time { get; }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public TextWriter Stderr { get; }

    private readonly Func<bool> _stdinIsTerminal;

    /// <summary>
    /// Whether stdin is a terminal (not redirected): the only case where a command may ask the user something. Looked up
    /// only when a command is about to ask, so a run that asks nothing never touches the console.
    /// </summary>
    public bool StdinIsTerminal => _stdinIsTerminal();

    /// <summary>Whether a question can be asked: stdin is a terminal and this is not a CI run (<c>CI</c> unset).</summary>
    public bool CanAsk => StdinIsTerminal && Environment.Get("CI") is null;

    /// <summary>One line typed on <see cref="Stdin"/> (without its line end), or null at end of input.</summary>
    public string? ReadLine()
    {
        var line = new List<byte>();
        int b;
        while ((b = Stdin.ReadByte()) >= 0 && b != '\n') line.Add((byte)b);
        if (b < 0 && line.Count == 0) return null;
        return System.Text.Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
    }

    /// <summary>The key sources, each used through <see cref="KeyServices"/> (directly while that stays local only).</summary>
    public KeySourceRegistry Registry => _registry.Value;

    /// <summary>The key services of this run (<c>--keyservice</c>, <c>--enable-local-keyservice</c>), set once the command line is read.</summary>
    public KeyServiceSelection KeyServices { get; } = new();

    public SopsEngine Engine => new(Registry, Time);

    /// <summary>
    /// <c>scan --recipients</c>'s isolation part (SK-RECIPIENT-003), which reads the helmfile state beside DIR's promotion
    /// file: the full CLI does it, the lean CLI hands the run to the full one.
    /// </summary>
    public Task<IReadOnlyList<RecipientFinding>> EnvironmentRecipientsAsync(string directory, CancellationToken ct) =>
        CliEdition.EnvironmentRecipientsAsync(directory, Environment, Processes, Engine, Warn, ct);

    /// <summary>The whole command line, set by the root when it builds or runs commands with this context.</summary>
    public ICommandLine CommandLine
    {
        get => _commandLine ?? throw new InvalidOperationException("no command line runs with this context");
        set => _commandLine = value;
    }

    private ICommandLine? _commandLine;

    /// <summary>Resolves a user-given path against the working directory of the environment.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, Environment.CurrentDirectory);

    /// <summary>
    /// Replaces a user-named file atomically, through symbolic links (see <see cref="AtomicFile"/>); with
    /// <c>HELM_SECRETS_VALUES_ALLOW_SYMLINKS=false</c> a link out of the working directory is refused.
    /// </summary>
    public void WriteFile(string path, ReadOnlySpan<byte> content, UnixFileMode newFileMode = AtomicFile.DefaultMode) =>
        AtomicFile.Write(FullPath(path), content, newFileMode, LinkConfinement);

    /// <summary>As <see cref="WriteFile(string, ReadOnlySpan{byte}, UnixFileMode)"/>, the content streamed by <paramref name="write"/>.</summary>
    public void WriteFile(string path, Action<Stream> write, UnixFileMode newFileMode = AtomicFile.DefaultMode) =>
        AtomicFile.Write(FullPath(path), write, newFileMode, LinkConfinement);

    /// <summary>Fails, before any work is done, when <see cref="WriteFile"/> could not create <paramref name="path"/>.</summary>
    public void CheckWritable(string path) => AtomicFile.CheckWritable(FullPath(path), LinkConfinement);

    private string? LinkConfinement =>
        string.Equals(Environment.Get("HELM_SECRETS_VALUES_ALLOW_SYMLINKS"), "false", StringComparison.OrdinalIgnoreCase)
            ? Environment.CurrentDirectory : null;

    /// <summary><c>--verbose</c>: log steps to stderr (see <see cref="Step"/>).</summary>
    public bool Verbose { get; set; }

    /// <summary>With <c>--verbose</c>, one sops-style log line (<c>[SOPS]	 INFO[0000] Data key recovered successfully</c>); never a value.</summary>
    public void Step(string source, string message, string? field = null)
    {
        if (Verbose) Stderr.WriteLine($"[{source}]\t INFO[0000] {(field is null ? message : $"{message,-40} {field}")}");
    }

    public void Info(string message) => Stderr.WriteLine($"secretskit: {message}");

    /// <summary>
    /// Whether this run is SecretsKit's helm-secrets drop-in (<c>helm secrets …</c>): errors and logs then speak as
    /// helm-secrets does (<c>[helm-secrets] …</c>, no sops hints, exit 1) so scripts written for it keep working.
    /// </summary>
    public bool HelmSecretsVoice { get; init; }

    /// <summary>A warning on stderr in this run's voice (helm-secrets' prefix inside <c>helm secrets</c>).</summary>
    public void Warn(string message) =>
        Stderr.WriteLine(HelmSecretsVoice ? $"[helm-secrets] warning: {message}" : $"secretskit: warning: {message}");
}
