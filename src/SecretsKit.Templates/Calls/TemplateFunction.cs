namespace SecretsKit.Templates.Calls;

/// <summary>A template function: gets the evaluated arguments (a piped value last), returns the result or throws <see cref="TemplateFunctionException"/>.</summary>
public delegate object? TemplateFunction(TemplateCall call);
