using SecretsKit.Core.Errors;
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

/// <summary>
/// A template failed to parse or execute. The message has Go's shape, <c>template: NAME:LINE:COL: …</c> (execution errors
/// add <c>executing "NAME" at &lt;node&gt;:</c>), and never carries a rendered value.
/// </summary>
public sealed class GoTemplateException(string message) : SecretsKitException(ExitCodes.Generic, message);
