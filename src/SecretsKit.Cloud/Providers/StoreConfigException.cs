using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Providers;

/// <summary>A store spec a provider cannot build a client from (a required field missing, an unknown auth form).</summary>
public sealed class StoreConfigException(string message) : SecretsKitException(ExitCodes.Generic, message);
