using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

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
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly List<AzuriteProcess> processes;

    private AzuriteServer(string dataDirectory, int blobPort, int queuePort, List<AzuriteProcess> processes)
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
        var processes = new List<AzuriteProcess>();
        try
        {
            var blobPort = FreePort();
            processes.Add(AzuriteProcess.Start(root, blobMain, "blob", blobPort, dataDirectory));
            var queuePort = FreePort();
            processes.Add(AzuriteProcess.Start(root, queueMain, "queue", queuePort, dataDirectory));
            foreach (var process in processes)
            {
                await process.WaitUntilListeningAsync(ReadyTimeout, cancellationToken);
            }

            return new AzuriteServer(dataDirectory, blobPort, queuePort, processes);
        }
        catch
        {
            foreach (var process in processes)
            {
                await process.StopAsync(StopTimeout);
            }

            DeleteDirectory(dataDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.StopAsync(StopTimeout);
        }

        DeleteDirectory(DataDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    private sealed class AzuriteProcess
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly string service;
        private readonly int port;

        private AzuriteProcess(Process process, string service, int port)
        {
            this.process = process;
            this.service = service;
            this.port = port;
        }

        public static AzuriteProcess Start(string root, string mainJs, string service, int port, string dataDirectory)
        {
            var startInfo = new ProcessStartInfo("node")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                mainJs,
                $"--{service}Host", "127.0.0.1",
                $"--{service}Port", port.ToString(CultureInfo.InvariantCulture),
                "--location", dataDirectory,
                "--silent", "--disableTelemetry", "--skipApiVersionCheck",
            })
            {
                startInfo.ArgumentList.Add(argument);
            }

            var process = new Process { StartInfo = startInfo };
            var started = new AzuriteProcess(process, service, port);
            process.OutputDataReceived += (_, e) => started.Append(e.Data);
            process.ErrorDataReceived += (_, e) => started.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return started;
        }

        public async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite {service} exited with code {process.ExitCode}: {Output()}");
                }

                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }

            throw new TimeoutException($"Azurite {service} did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s: {Output()}");
        }

        public async Task StopAsync(TimeSpan timeout)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                using var wait = new CancellationTokenSource(timeout);
                await process.WaitForExitAsync(wait.Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
            {
                // Already gone, or did not exit in time: nothing more to do from here.
            }
            finally
            {
                process.Dispose();
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
