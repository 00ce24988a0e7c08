using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Infrastructure;

/// <summary>What every command uses from the outside world; built once per process.</summary>
internal sealed class CliContext
{
    private readonly Lazy<KeySourceRegistry> _registry;

    public CliContext(IEnvironment environment, IProcessRunner processes, TimeProvider time, Stream stdin, Stream stdout, TextWriter stderr)
    {
        Environment = environment;
        Processes = processes;
        Time = time;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
        var keyContext = new KeySourceContext(environment, processes, time);
        _registry = new Lazy<KeySourceRegistry>(() => KeySources.CreateRegistry(keyContext));
    }

    public IEnvironment Environment { get; }

    public IProcessRunner Processes { get; }

    public TimeProvider Time { get; }

    public Stream Stdin { get; }

    public Stream Stdout { get; }

    public TextWriter Stderr { get; }

    public KeySourceRegistry Registry => _registry.Value;

    public SopsEngine Engine => new(Registry, Time);

    public static CliContext FromProcess() =>
        new(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System,
            Console.OpenStandardInput(), new SynchronousStdout(Console.OpenStandardOutput()), Console.Error);

    /// <summary>Resolves a user-given path against the working directory of the environment.</summary>
    public string FullPath(string path) => Path.GetFullPath(path, Environment.CurrentDirectory);

    public void Info(string message) => Stderr.WriteLine($"secretskit: {message}");
}
