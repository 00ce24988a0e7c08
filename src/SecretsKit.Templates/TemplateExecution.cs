using System.Diagnostics;
using System.Runtime.CompilerServices;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates;

/// <summary>
/// The budgets of one execution, shared by every template it runs: <c>{{template}}</c> calls and the renders functions
/// start through <see cref="TemplateCall.Render"/> / <see cref="TemplateCall.Include"/> (helm's and helmfile's
/// <c>tpl</c>/<c>include</c>) count against the same steps, nesting depth, clock and output limit, so a template
/// that includes itself ends in a template error rather than a stack overflow.
/// </summary>
public sealed class TemplateExecution : ITemplateRun
{
    /// <summary>Most nested template calls (Go allows 100,000; SecretsKit's stack allows fewer, a documented deviation).</summary>
    public const int MaxTemplateDepth = 1_000;

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _steps;

    internal TemplateExecution(TemplateOptions options, IReadOnlyDictionary<string, DefinedTemplate> defines, TemplateFunctions functions)
    {
        Options = options;
        Defines = defines;
        Functions = functions;
        Budget = new TemplateBudget(options.Limits);
    }

    public TemplateOptions Options { get; }

    internal IReadOnlyDictionary<string, DefinedTemplate> Defines { get; }

    internal TemplateFunctions Functions { get; }

    /// <summary>What the functions of this execution (nested renders included) may still build.</summary>
    public TemplateBudget Budget { get; }

    /// <summary>Nested template calls in progress (templates, includes and tpl renders).</summary>
    internal int Depth { get; private set; }

    /// <summary>Evaluation steps used so far.</summary>
    public long Steps => _steps;

    private TemplateLimits Limits => Options.Limits;

    /// <summary>Counts steps; null when within budget, else what was exceeded (checked on every step, time included).</summary>
    internal string? Tick(long steps = 1)
    {
        _steps += steps;
        if (Limits.MaxSteps > 0 && _steps > Limits.MaxSteps) return $"template exceeded its budget of {Limits.MaxSteps} evaluation steps";
        if (Limits.MaxDuration > TimeSpan.Zero && Stopwatch.GetElapsedTime(_started) > Limits.MaxDuration)
        {
            return $"template exceeded its time limit of {Limits.MaxDuration.TotalMilliseconds:0} ms";
        }
        return RuntimeHelpers.TryEnsureSufficientExecutionStack() ? null : "template nests too deeply";
    }

    internal string? Enter()
    {
        if (Depth >= MaxTemplateDepth) return $"exceeded maximum template depth ({MaxTemplateDepth})";
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) return "template nests too deeply";
        Depth++;
        return null;
    }

    internal void Leave() => Depth--;

    /// <inheritdoc/>
    public string Render(string name, string text, object? data)
    {
        var template = Template.Parse(name, text, Functions);
        return template.ExecuteWithin(this, data);
    }

    /// <inheritdoc/>
    public string Include(string name, object? data)
    {
        if (!Defines.TryGetValue(name, out var target)) throw new TemplateFunctionException($"template: no template \"{name}\" associated with template");
        return new TemplateEvaluator(Defines, Functions, this).Execute(target, data);
    }
}
