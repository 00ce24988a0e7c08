using System.Runtime.CompilerServices;
using SecretsKit.Cel;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Cel.Syntax;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// A schema's <see cref="CelRule"/> compiled for the CEL engine, or why it does not compile (the API server refuses a
/// CRD with such a rule). Made once per rule read, so once per CRD version a run reads: a rule evaluated on every
/// route of a chart is parsed once.
/// </summary>
internal sealed record CompiledCelRule(KubernetesRuleProgram? Program, string? CompileError)
{
    /// <summary>The environment rules are compiled and evaluated in: CEL with Kubernetes' libraries.</summary>
    public static readonly CelEnvironment Environment = CelEnvironment.Kubernetes();

    /// <summary>Each rule's compilation, made by the first worker that needs it while the others wait for it: the table
    /// alone runs its factory outside its lock, and two workers starting on the same CRD's objects compiled a third to a
    /// half of its rules twice.</summary>
    private static readonly ConditionalWeakTable<CelRule, Lazy<CompiledCelRule>> Compiled = new();

    /// <summary>A schema node's rules compiled, in order: one lookup per value checked instead of one per rule.</summary>
    private static readonly ConditionalWeakTable<IReadOnlyList<CelRule>, CompiledCelRule[]> CompiledLists = new();

    public static CompiledCelRule For(CelRule rule) => Compiled.GetValue(rule, r => new Lazy<CompiledCelRule>(() => Compile(r))).Value;

    /// <summary>Each of <paramref name="rules"/> (a schema node's list) compiled, as <see cref="For"/> compiles it.</summary>
    public static CompiledCelRule[] For(IReadOnlyList<CelRule> rules) => CompiledLists.GetValue(rules, static list => [.. list.Select(For)]);

    private static CompiledCelRule Compile(CelRule rule)
    {
        var kubernetesRule = new KubernetesRule(rule.Rule)
        {
            Message = rule.Message,
            MessageExpression = rule.MessageExpression,
            FieldPath = rule.FieldPath,
            Reason = rule.Reason,
            OptionalOldSelf = rule.OptionalOldSelf,
        };
        try
        {
            return new CompiledCelRule(kubernetesRule.Compile(Environment), null);
        }
        catch (CelSyntaxException e)
        {
            return new CompiledCelRule(null, e.Message);
        }
    }
}
