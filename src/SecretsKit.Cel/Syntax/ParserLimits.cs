namespace SecretsKit.Cel.Syntax;

/// <summary>The parser's limits: nesting depth (cel-go's and cel-cpp's default maximum recursion depth is 250) and
/// expression size in code points (their default is 100,000).</summary>
internal sealed record ParserLimits(int MaxDepth = 250, int MaxCodePoints = 100_000);
