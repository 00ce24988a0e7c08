using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Azure.Acr;

/// <summary>
/// A wire-level fake of Azure Container Registry's AAD-OAuth endpoints on 127.0.0.1, for one registry name, trusting
/// one Entra ID fake: <c>POST /oauth2/exchange</c> (form <c>grant_type=access_token</c>, <c>service</c> = the registry,
/// <c>tenant</c>, <c>access_token</c>: a live token of the directory for Azure Resource Manager,
/// <c>https://management.azure.com</c>) answers <c>{"refresh_token"}</c>; <c>POST /oauth2/token</c> (form
/// <c>grant_type=refresh_token</c>, <c>service</c>, <c>scope</c> <c>repository:NAME:ACTIONS</c>, <c>refresh_token</c>
/// issued here) answers <c>{"access_token"}</c>. Anything else: 400 or 401 with ACR's error body. Operations
/// <c>exchange</c> and <c>token</c>.
/// </summary>
public sealed class FakeAcrServer : FakeHttpServer
{
    public const string ArmAudience = "https://management.azure.com";

    private readonly FakeAzureKeyVaultServer _directory;
    private readonly ConcurrentDictionary<string, byte> _refresh = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _access = new(StringComparer.Ordinal);

    private FakeAcrServer(string registry, FakeAzureKeyVaultServer directory)
    {
        Registry = registry;
        _directory = directory;
    }

    public static async Task<FakeAcrServer> StartAsync(string registry, FakeAzureKeyVaultServer directory)
    {
        var server = new FakeAcrServer(registry, directory);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The registry's name, which requests must give as <c>service</c> (e.g. <c>example.azurecr.io</c>).</summary>
    public string Registry { get; }

    /// <summary>Whether <paramref name="token"/> is a refresh token issued here.</summary>
    public bool IsRefreshToken(string? token) => token is not null && _refresh.ContainsKey(token);

    /// <summary>The scope an access token issued here was given for; null when it was not issued here.</summary>
    public string? AccessTokenScope(string? token) => token is not null && _access.TryGetValue(token, out var scope) ? scope : null;

    protected override string OperationOf(HttpContext context) => context.Request.Path.Value switch
    {
        "/oauth2/exchange" => "exchange",
        "/oauth2/token" => "token",
        _ => "other",
    };

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        if (operation == "other")
        {
            await Error(context, 404, "NOT_FOUND", "not found");
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await Error(context, 400, "UNSUPPORTED", "a form POST is required");
            return;
        }
        var form = await context.Request.ReadFormAsync();
        if (form["service"] != Registry)
        {
            await Error(context, 400, "UNSUPPORTED", "service does not name this registry");
            return;
        }
        if (operation == "exchange")
        {
            if (form["grant_type"] != "access_token" || form["tenant"] != _directory.TenantId)
            {
                await Error(context, 400, "UNSUPPORTED", "grant_type must be access_token, with the directory's tenant");
                return;
            }
            if (_directory.TokenAudience(form["access_token"].ToString()) != ArmAudience)
            {
                await Error(context, 401, "UNAUTHORIZED", "the access token is not a live token for Azure Resource Manager");
                return;
            }
            var refresh = "acr-refresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _refresh[refresh] = 0;
            await WriteJsonAsync(context, 200, new JsonObject { ["refresh_token"] = refresh }.ToJsonString());
            return;
        }
        var scope = form["scope"].ToString();
        if (form["grant_type"] != "refresh_token" || !IsRefreshToken(form["refresh_token"].ToString()))
        {
            await Error(context, 401, "UNAUTHORIZED", "the refresh token is not valid");
            return;
        }
        if (scope.Split(':') is not ["repository", { Length: > 0 }, { Length: > 0 }])
        {
            await Error(context, 400, "UNSUPPORTED", "scope must be repository:NAME:ACTIONS");
            return;
        }
        var access = "acr-access-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _access[access] = scope;
        await WriteJsonAsync(context, 200, new JsonObject { ["access_token"] = access }.ToJsonString());
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) =>
        Error(context, fault.Kind == FakeFaultKind.TooManyRequests ? 429 : 500, "FAULT", "injected fault");

    private static Task Error(HttpContext context, int status, string code, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) }.ToJsonString());
}
