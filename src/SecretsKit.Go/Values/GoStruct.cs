using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Json;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Net;
namespace SecretsKit.Go.Values;

/// <summary>
/// A Go struct as templates see it (<c>.Environment</c>, <c>.Release</c>): fields by name, and a missing field is an error
/// (<c>can't evaluate field X in type T</c>), unlike a missing map key.
/// </summary>
public sealed record GoStruct(string TypeName, IReadOnlyDictionary<string, object?> Fields);
