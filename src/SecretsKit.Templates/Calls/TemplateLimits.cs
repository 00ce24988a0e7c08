using SecretsKit.Go;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// Budgets for executing a template someone else wrote (an ExternalSecret's <c>target.template</c>, a helmfile.yaml):
/// evaluation steps (every node, every <c>range</c> iteration), wall-clock time, output length (of the template and of
/// each function result, checked before a result is allocated) and what all functions together may build
/// (<see cref="TemplateBudget"/>). Zero means unlimited; <see cref="None"/> is the default.
/// </summary>
public sealed record TemplateLimits
{
    /// <summary>The build budget, when not set, as a multiple of <see cref="MaxOutput"/>.</summary>
    public const int BuildFactor = 16;

    public static TemplateLimits None { get; } = new();

    /// <summary>Most evaluation steps of one execution.</summary>
    public long MaxSteps { get; init; }

    /// <summary>Most characters of output (of the template, or of one function result).</summary>
    public long MaxOutput { get; init; }

    /// <summary>Longest time one execution may take.</summary>
    public TimeSpan MaxDuration { get; init; }

    /// <summary>Most characters (a list or map counting <see cref="TemplateBudget.CollectionSize"/>) all function results of one execution may add up to; 0: <see cref="BuildFactor"/> × <see cref="MaxOutput"/>.</summary>
    public long MaxBuilt { get; init; }

    /// <summary>The build budget in force (0 = unlimited).</summary>
    public long BuildBudget => MaxBuilt > 0 ? MaxBuilt : MaxOutput * BuildFactor;

    /// <summary>Throws when a function result of <paramref name="length"/> characters would exceed <see cref="MaxOutput"/>.</summary>
    public void EnsureFits(string function, long length)
    {
        if (MaxOutput > 0 && length > MaxOutput)
        {
            throw new GoLimitException($"result of {length} characters exceeds the template output limit of {MaxOutput}");
        }
    }
}
