using System.Globalization;
using System.Text;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// Several named clusters for one kubeconfig: an HTTPS <see cref="FakeKubeApiServer"/> with its
/// <see cref="FakeClusterControllers"/> per name, each reached as the kube context of that name (its own cluster, CA and
/// bearer token; namespace <c>default</c>), the first one current. Real helm and kubectl talk to them through the file.
/// </summary>
public sealed class FakeClusters : IAsyncDisposable
{
    private readonly List<(string Name, FakeKubeApiServer Server, FakeClusterControllers Controllers)> _all = [];

    private FakeClusters()
    {
    }

    /// <summary>The API fake of the context <paramref name="name"/>.</summary>
    public FakeKubeApiServer this[string name] => _all.Single(c => c.Name == name).Server;

    /// <summary>Starts one cluster per name and writes the kubeconfig that names them (mode 0600) to <paramref name="kubeconfig"/>.</summary>
    public static async Task<FakeClusters> StartAsync(string kubeconfig, params string[] names)
    {
        var clusters = new FakeClusters();
        try
        {
            var text = new StringBuilder($"apiVersion: v1\nkind: Config\ncurrent-context: {names[0]}\nclusters:\n");
            var users = new StringBuilder("users:\n");
            var contexts = new StringBuilder("contexts:\n");
            foreach (var name in names)
            {
                var server = await FakeKubeApiServer.StartAsync(https: true);
                var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
                server.AcceptToken(token);
                clusters._all.Add((name, server, FakeClusterControllers.Start(server)));
                text.Append(CultureInfo.InvariantCulture, $"- name: {name}\n  cluster:\n    server: {server.BaseAddress.ToString().TrimEnd('/')}\n"
                    + $"    certificate-authority-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes(server.ServerCertificatePem!))}\n");
                users.Append(CultureInfo.InvariantCulture, $"- name: {name}\n  user:\n    token: {token}\n");
                contexts.Append(CultureInfo.InvariantCulture, $"- name: {name}\n  context:\n    cluster: {name}\n    user: {name}\n    namespace: default\n");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(kubeconfig))!);
            await File.WriteAllTextAsync(kubeconfig, text.Append(users).Append(contexts).ToString());
            File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return clusters;
        }
        catch
        {
            await clusters.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, server, controllers) in _all)
        {
            await controllers.DisposeAsync();
            await server.DisposeAsync();
        }
        _all.Clear();
    }
}
