using SecretsKit.Cel.Interpreter;
using SecretsKit.Cel.Library;
using SecretsKit.Cel.Syntax;

namespace SecretsKit.Cel;

/// <summary>What expressions compile against: the function libraries, the container (namespace) names resolve in,
/// the parser's limits and the default runtime cost limit. <see cref="Standard"/> is cel-spec's standard library
/// with optionals and cel-go's string, comprehension and bind extensions; <see cref="Kubernetes"/> adds the
/// libraries the API server gives CRD validation rules and admission policies.</summary>
public sealed record CelEnvironment
{
    /// <summary>Kubernetes' per-expression runtime cost limit (apiserver celconfig.PerCallLimit).</summary>
    public const long KubernetesPerCallLimit = 1_000_000;

    private CelEnvironment(FunctionRegistry functions) => Functions = functions;

    internal FunctionRegistry Functions { get; }

    /// <summary>The namespace identifiers resolve in (cel-spec name resolution); empty for none.</summary>
    public string Container { get; init; } = "";

    /// <summary>Maximum nesting depth of an expression (cel-go's default, 250).</summary>
    public int MaxNestingDepth { get; init; } = 250;

    /// <summary>Maximum expression size in code points (cel-go's default, 100,000).</summary>
    public int MaxExpressionCodePoints { get; init; } = 100_000;

    /// <summary>The runtime cost limit an evaluation uses unless it is given one.</summary>
    public long CostLimit { get; init; } = KubernetesPerCallLimit;

    internal ParserLimits Limits => new(MaxNestingDepth, MaxExpressionCodePoints);

    public static CelEnvironment Standard() => new(StandardLibrary.Create());

    public static CelEnvironment Kubernetes() => new(KubernetesLibrary.Register(StandardLibrary.Create()));
}
