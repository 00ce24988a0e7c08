using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Policy;

/// <summary>One object of the input as a scan reads it: its JSON, its identity in findings, the inline ignore comments before it, the namespace it goes to when it names none.</summary>
internal sealed record ScannedObject(JsonObject Json, DocumentIdentity Id, InlineIgnores Inline, string? DefaultNamespace);
