namespace SecretsKit.Core.Age;

/// <summary>An affine P-256 point, each coordinate 32 big-endian bytes.</summary>
internal sealed record P256Point(byte[] X, byte[] Y);
