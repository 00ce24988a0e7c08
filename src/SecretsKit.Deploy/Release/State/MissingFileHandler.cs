namespace SecretsKit.Deploy.Release.State;

/// <summary>helmfile's <c>missingFileHandler</c>: what a missing values or secrets file does.</summary>
public enum MissingFileHandler { Error, Warn, Info, Debug }
