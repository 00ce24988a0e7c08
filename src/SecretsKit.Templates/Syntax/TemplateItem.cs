using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Json;
using SecretsKit.Go.Values;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Net;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Yaml;
using SecretsKit.Templates.Functions;
namespace SecretsKit.Templates.Syntax;

/// <summary>Literal text, or the tokens of one <c>{{ action }}</c> (null tokens: a comment).</summary>
internal sealed record TemplateItem(int Offset, string? Text, IReadOnlyList<TemplateToken>? Tokens)
{
    /// <summary>Where an action's closing delimiter starts (Go names its line for an error found there).</summary>
    public int Close { get; init; } = Offset;
}
