using System.Globalization;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.TestHarness.Azurite;

/// <summary>
/// Azurite (npm <c>azurite</c>, pinned in the repository's package.json) running the Blob and Queue services on
/// 127.0.0.1, on free ports, with its own temporary data folder. Dispose stops both processes and deletes the folder.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The well-known development account of Azurite (public, documented; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ChildProcess> processes;

    private AzuriteServer(string dataDirectory, int blobPort, int queuePort, List<ChildProcess> processes)
    {
        DataDirectory = dataDirectory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        this.processes = processes;
        BlobEndpoint = new Uri($"http://127.0.0.1:{blobPort}/{AccountName}");
        QueueEndpoint = new Uri($"http://127.0.0.1:{queuePort}/{AccountName}");
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};";
    }

    public string ConnectionString { get; }

    public Uri BlobEndpoint { get; }

    public Uri QueueEndpoint { get; }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public string DataDirectory { get; }

    /// <summary>Starts Blob and Queue and waits (bounded) until both accept TCP connections.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // Throws "run 'npm ci'" when node_modules/azurite is missing.
        var root = RepositoryPaths.Root;
        var blobMain = RepositoryPaths.NodeModule("azurite", "dist", "src", "blob", "main.js");
        var queueMain = RepositoryPaths.NodeModule("azurite", "dist", "src", "queue", "main.js");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var processes = new List<ChildProcess>();
        try
        {
            var blobPort = LoopbackPorts.Free();
            processes.Add(StartService(root, blobMain, "blob", blobPort, dataDirectory));
            var queuePort = LoopbackPorts.Free();
            processes.Add(StartService(root, queueMain, "queue", queuePort, dataDirectory));
            await WaitUntilListeningAsync(processes[0], blobPort, cancellationToken);
            await WaitUntilListeningAsync(processes[1], queuePort, cancellationToken);
            return new AzuriteServer(dataDirectory, blobPort, queuePort, processes);
        }
        catch
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            DeleteDirectory(dataDirectory);
            throw;
        }
    }

    /// <summary>Stops both services as an outage would (their data stays in <see cref="DataDirectory"/>); bounded.</summary>
    public async Task StopAsync()
    {
        foreach (var process in processes)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
        }

        processes.Clear();
    }

    /// <summary>Starts both services again on the same ports and data after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (processes.Count > 0)
        {
            throw new InvalidOperationException("Azurite is still running; stop it first.");
        }

        var root = RepositoryPaths.Root;
        processes.Add(StartService(root, RepositoryPaths.NodeModule("azurite", "dist", "src", "blob", "main.js"), "blob", BlobPort, DataDirectory));
        processes.Add(StartService(root, RepositoryPaths.NodeModule("azurite", "dist", "src", "queue", "main.js"), "queue", QueuePort, DataDirectory));
        await WaitUntilListeningAsync(processes[0], BlobPort, cancellationToken);
        await WaitUntilListeningAsync(processes[1], QueuePort, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        DeleteDirectory(DataDirectory);
    }

    private static ChildProcess StartService(string root, string mainJs, string service, int port, string dataDirectory) =>
        ChildProcess.Start(
            $"azurite {service}", "node",
            [
                mainJs,
                $"--{service}Host", "127.0.0.1",
                $"--{service}Port", port.ToString(CultureInfo.InvariantCulture),
                "--location", dataDirectory,
                "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            ],
            root, new Dictionary<string, string?>(), Path.Combine(dataDirectory, $"{service}.log"));

    private static async Task WaitUntilListeningAsync(ChildProcess process, int port, CancellationToken cancellationToken)
    {
        if (!await LoopbackPorts.WaitUntilListeningAsync(port, ReadyTimeout, () => process.HasExited, cancellationToken))
        {
            throw new InvalidOperationException(process.HasExited
                ? $"{process.Name} exited during start-up.{Environment.NewLine}{process.Tail()}"
                : $"{process.Name} did not listen on 127.0.0.1:{port} within {ReadyTimeout.TotalSeconds} s.{Environment.NewLine}{process.Tail()}");
        }
    }

    private static void DeleteDirectory(string path)
    {
        for (var attempt = 0; attempt < 5 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }
}
