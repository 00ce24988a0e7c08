namespace SecretsKit.Templates.Calls;

/// <summary>
/// Budgets for executing a template someone else wrote (an ExternalSecret's <c>target.template</c>): evaluation steps
/// (every node, every <c>range</c> iteration), wall-clock time, and output length (also bounding <c>repeat</c>,
/// <c>indent</c> and <c>nindent</c> before they allocate). Zero means unlimited; <see cref="None"/> is the default.
/// </summary>
public sealed record TemplateLimits
{
    public static TemplateLimits None { get; } = new();

    /// <summary>Most evaluation steps of one execution.</summary>
    public long MaxSteps { get; init; }

    /// <summary>Most characters of output (of the template, or of one function result).</summary>
    public long MaxOutput { get; init; }

    /// <summary>Longest time one execution may take.</summary>
    public TimeSpan MaxDuration { get; init; }

    /// <summary>Throws when a function result of <paramref name="length"/> characters would exceed <see cref="MaxOutput"/>.</summary>
    public void EnsureFits(string function, long length)
    {
        if (MaxOutput > 0 && length > MaxOutput)
        {
            throw new TemplateFunctionException($"result of {length} characters exceeds the template output limit of {MaxOutput}", wrapped: true) { IsOutputLimit = true };
        }
    }
}
