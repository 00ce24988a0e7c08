namespace SecretsKit.Testing.Gitlab;

/// <summary>
/// A deploy token <see cref="FakeGitlabServer"/> created under <paramref name="Owner"/> (<c>projects/7</c>,
/// <c>groups/3</c>); <paramref name="Revoked"/> once deleted. <paramref name="ExpiresAt"/> is the <c>expires_at</c> sent.
/// </summary>
public sealed record FakeGitlabDeployToken(int Id, string Owner, string Name, string Username, IReadOnlyList<string> Scopes, string? ExpiresAt,
    string Token, bool Revoked = false);
