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

/// <summary>One token of an action; <see cref="Offset"/> is its position in the template text.</summary>
internal sealed record TemplateToken(TokenKind Kind, string Text, int Offset, bool SpaceBefore, object? Value = null);
