using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsEscalationBot.Storage.Sqlite;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// A real kill -9: a child process (this test host in <see cref="SqliteCrashWriter"/> mode) writes complaints and
/// outbox items in a loop and is killed with SIGKILL mid-write, three times over the same database file.
/// </summary>
[TestClass]
public sealed class SqliteKillTests
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(60);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Writer_KilledWithSigkillMidWrite_DatabaseIntactAndEveryAcknowledgedWritePresent()
    {
        using var directory = new TestDirectory();
        var path = directory.File("escalations.db");
        var created = new List<string>();
        var updated = new Dictionary<string, long>();
        for (var round = 0; round < 3; round++)
        {
            var lines = await RunAndKillAsync(path, $"r{round}", minimumAcks: 30 + (round * 17));
            Collect(lines, created, updated);
            TestContext.WriteLine($"round {round}: killed after {lines.Count} acknowledged writes; {created.Count} complaints and {updated.Count} updates acknowledged so far");
            await VerifyAsync(path, created, updated);
        }
    }

    private async Task<IReadOnlyCollection<string>> RunAndKillAsync(string path, string prefix, int minimumAcks)
    {
        var lines = new ConcurrentQueue<string>();
        using var child = new Process { StartInfo = ChildStartInfo(path, prefix) };
        child.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
            }
        };
        child.Start();
        child.BeginOutputReadLine();
        try
        {
            await Eventually.UntilAsync(
                _ => Task.FromResult(child.HasExited || lines.Count(l => l.StartsWith("created ", StringComparison.Ordinal)) >= minimumAcks),
                TestContext.CancellationToken,
                AckTimeout,
                $"for {minimumAcks} acknowledged writes or the writer's exit");

            Assert.IsFalse(child.HasExited, $"the writer stopped by itself: {await child.StandardError.ReadToEndAsync(TestContext.CancellationToken)}");
            Assert.IsGreaterThanOrEqualTo(minimumAcks, lines.Count(l => l.StartsWith("created ", StringComparison.Ordinal)), "the writer was too slow");
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no managed code of the writer runs after it.
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(TestContext.CancellationToken);
        }

        return lines;
    }

    private static void Collect(IReadOnlyCollection<string> lines, List<string> created, Dictionary<string, long> updated)
    {
        foreach (var parts in lines.Select(l => l.Split(' ')))
        {
            if (parts is ["created", var id])
            {
                created.Add(id);
            }
            else if (parts is ["updated", var id2, var version])
            {
                updated[id2] = long.Parse(version, CultureInfo.InvariantCulture);
            }
        }
    }

    private async Task VerifyAsync(string path, List<string> created, Dictionary<string, long> updated)
    {
        var database = new SqliteDatabase(path, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
        var store = new SqliteComplaintStore(database, TimeProvider.System, new TeamsEscalationBot.Storage.OutboxSignal());
        var outbox = new SqliteOutbox(database, TimeProvider.System);
        var ct = TestContext.CancellationToken;
        await using (var connection = await database.OpenAsync(ct))
        {
            Assert.AreEqual("ok", await connection.ScalarAsync("PRAGMA integrity_check", null, ct));
            Assert.AreEqual(0L, await connection.ScalarAsync("PRAGMA foreign_key_check", null, ct) ?? 0L);
            Assert.AreEqual(
                0L,
                await connection.ScalarAsync("SELECT COUNT(*) FROM complaints c WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.complaint_id = c.id)", null, ct),
                "a complaint was committed without its outbox item");
        }

        foreach (var id in created)
        {
            Assert.IsNotNull(await store.GetAsync(id, ct), $"acknowledged complaint {id} is missing");
            Assert.IsNotEmpty(await outbox.ListPendingAsync(id, ct), $"acknowledged complaint {id} lost its outbox item");
        }

        foreach (var (id, version) in updated)
        {
            var stored = await store.GetAsync(id, ct);
            Assert.IsGreaterThanOrEqualTo(version, stored!.Version, $"acknowledged update of {id} is missing");
            Assert.HasCount(2, await outbox.ListPendingAsync(id, ct), $"acknowledged update of {id} lost its outbox item");
        }
    }

    private static ProcessStartInfo ChildStartInfo(string path, string prefix)
    {
        // The test host runs either as its apphost or as `dotnet exec <dll>`; start the child the same way.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add(SqliteCrashWriter.Command);
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(prefix);
        return start;
    }
}
