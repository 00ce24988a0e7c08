namespace SecretsKit.Agent.Resources;

internal enum RefreshPolicyKind { Periodic, OnChange, CreatedOnce }
