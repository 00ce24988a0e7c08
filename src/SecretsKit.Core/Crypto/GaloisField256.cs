namespace SecretsKit.Core.Crypto;

/// <summary>
/// Arithmetic in GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1 (0x11B), as sops' Shamir code uses it.
/// Multiplication is branch-free shift-and-add, so its timing does not depend on secret bytes.
/// </summary>
internal static class GaloisField256
{
    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b)
    {
        int product = 0, x = a, y = b;
        for (var i = 0; i < 8; i++)
        {
            product ^= x & -(y & 1);
            y >>= 1;
            x = (x << 1) ^ (0x11B & -((x >> 7) & 1));
        }
        return (byte)product;
    }

    /// <summary>a^254 = a^-1 for a ≠ 0 (and 0 for 0), by a fixed square-and-multiply chain.</summary>
    public static byte Inverse(byte a)
    {
        // 254 = 0b11111110: result = a^2 · a^4 · … · a^128
        byte square = Multiply(a, a);
        byte result = square;
        for (var i = 0; i < 6; i++)
        {
            square = Multiply(square, square);
            result = Multiply(result, square);
        }
        return result;
    }

    public static byte Divide(byte a, byte b)
    {
        if (b == 0) throw new DivideByZeroException("division by zero in GF(2^8)");
        return Multiply(a, Inverse(b));
    }
}
