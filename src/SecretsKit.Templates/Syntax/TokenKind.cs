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

internal enum TokenKind { Field, Variable, Dot, Identifier, String, Number, Bool, Nil, Pipe, LeftParen, RightParen, Declare, Assign, Comma, Char,
    /// <summary>A lexing error (its <see cref="TemplateToken.Value"/> is the exception): reported when the parser reaches it, as Go's parser reports an error item.</summary>
    Error }
