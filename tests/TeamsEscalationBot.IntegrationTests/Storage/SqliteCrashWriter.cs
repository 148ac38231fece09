using Microsoft.Extensions.Logging.Abstractions;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// The child process of the kill -9 test: creates complaints (each with an outbox item) and updates earlier ones as
/// fast as it can, printing one line per acknowledged write, until it is killed.
/// </summary>
internal static class SqliteCrashWriter
{
    public const string Command = "--sqlite-crash-writer";

    public static async Task<int> RunAsync(string databasePath, string prefix, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var database = new SqliteDatabase(databasePath, time, NullLogger<SqliteDatabase>.Instance);
        var store = new SqliteComplaintStore(database, time, new OutboxSignal());
        for (var i = 0; i < 1_000_000; i++)
        {
            var id = $"{prefix}-{i:D6}";
            var now = time.GetUtcNow();
            await store.CreateAsync(TestComplaints.New(id, at: now), [OutboxItem.Create("post-card", id, "{}", now)], cancellationToken);
            await Console.Out.WriteLineAsync($"created {id}");
            if (i % 2 == 1)
            {
                var previous = (await store.GetAsync($"{prefix}-{i - 1:D6}", cancellationToken))!;
                var expected = previous.Version;
                TestComplaints.MustSucceed(previous.AddNote(TestComplaints.Ana, $"note {i}", now));
                await store.UpdateAsync(previous, expected, [OutboxItem.Create("update-card", previous.Id, "{}", now)], cancellationToken);
                await Console.Out.WriteLineAsync($"updated {previous.Id} {previous.Version}");
            }

            await Console.Out.FlushAsync(cancellationToken);
        }

        return 0;
    }
}
