using System.Runtime.CompilerServices;
using SecretsKit.Cel;
using SecretsKit.Cel.Kubernetes;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// A schema's <see cref="CelRule"/> as the CEL engine takes it, and why it does not compile (the API server refuses a CRD
/// with such a rule), made once per rule read.
/// </summary>
internal sealed record CompiledCelRule(KubernetesRule Rule, string? CompileError)
{
    /// <summary>The environment rules are compiled and evaluated in: CEL with Kubernetes' libraries.</summary>
    public static readonly CelEnvironment Environment = CelEnvironment.Kubernetes();

    private static readonly ConditionalWeakTable<CelRule, CompiledCelRule> Compiled = new();

    public static CompiledCelRule For(CelRule rule) => Compiled.GetValue(rule, Compile);

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
            CelProgram.Compile(rule.Rule, Environment);
            return new CompiledCelRule(kubernetesRule, null);
        }
        catch (CelSyntaxException e)
        {
            return new CompiledCelRule(kubernetesRule, e.Message);
        }
    }
}
