using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Providers;

/// <summary>A store spec's template could not be parsed or executed (<see cref="IStoreTemplates"/>). Never carries values.</summary>
public sealed class StoreTemplateException(string message) : SecretsKitException(ExitCodes.Generic, message);
