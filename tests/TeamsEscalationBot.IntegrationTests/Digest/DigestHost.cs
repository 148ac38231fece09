using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Digest;

/// <summary>
/// What the digest delivery handed to the card, recorded by a test-only decorator of <see cref="IDigestMessages"/>
/// registered in the test host (the product composes the same message without it).
/// </summary>
internal sealed class CapturedDigests
{
    private readonly ConcurrentQueue<DigestCardInput> _inputs = new();

    public IReadOnlyList<DigestCardInput> All => [.. _inputs];

    public void Add(DigestCardInput input) => _inputs.Enqueue(input);

    public IReadOnlyList<DigestCardInput> In(string timeZoneId) => [.. _inputs.Where(i => i.TimeZone.Id == timeZoneId)];

    /// <summary>The real message, after noting its input.</summary>
    internal sealed class Decorator(IDigestMessages inner, CapturedDigests captured) : IDigestMessages
    {
        public Activity Compose(DigestCardInput input)
        {
            captured.Add(input);
            return inner.Compose(input);
        }
    }
}

/// <summary>
/// The real host (Production: Graph directory against a <see cref="FakeGraph"/>, the fake connector) with two digest
/// recipients, one in Madrid and one in New York (both at 08:00 local), a fake clock the test moves, and a SQLite file
/// the test chooses (so a second host can share it).
/// </summary>
internal sealed class DigestHost : IAsyncDisposable
{
    public const string MadridId = "d1a9e5c0-0000-4000-8000-00000000aa01";
    public const string NewYorkId = "d1a9e5c0-0000-4000-8000-00000000bb02";
    public const string ReportKey = "integration-test-report-key-digest-01";
    public const string LogisticsGroupId = "c0ffee00-0000-4000-8000-000000000003";

    private DigestHost(WorkflowHost host, FakeTimeProvider time, CapturedDigests captured)
    {
        Host = host;
        Time = time;
        Captured = captured;
    }

    public WorkflowHost Host { get; }

    public FakeTimeProvider Time { get; }

    public CapturedDigests Captured { get; }

    public DigestScheduler Scheduler => Host.App.Services.GetRequiredService<DigestScheduler>();

    public IDigestSendStore Store => Host.App.Services.GetRequiredService<IDigestSendStore>();

    public static async Task<DigestHost> StartAsync(
        FakeTimeProvider time, string databasePath, FakeBotConnector connector, FakeGraph graph, IDictionary<string, string?>? settings = null,
        bool alwaysLeads = false)
    {
        var captured = new CapturedDigests();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:SqlitePath"] = databasePath,
            // A fake clock stands still between steps, and the Connector budget refills with it: room for every call of a step.
            ["Bot:TenantRequestsPerSecond"] = "1000",
            ["Reports:Keys:0:Name"] = "board",
            ["Reports:Keys:0:Key"] = ReportKey,
            ["Reports:RequestsPerMinute"] = "100000",
            ["Departments:2:Id"] = "logistics",
            ["Departments:2:Name"] = "Logistics",
            ["Departments:2:TeamId"] = Activities.TeamId,
            ["Departments:2:ChannelId"] = "19:logistics-channel@thread.tacv2",
            ["Departments:2:EntraGroupId"] = LogisticsGroupId,
            ["Digest:Recipients:0:AadObjectId"] = MadridId,
            ["Digest:Recipients:0:TimeZone"] = "Europe/Madrid",
            ["Digest:Recipients:0:LocalHour"] = "8",
            ["Digest:Recipients:0:Departments:0"] = "billing",
            ["Digest:Recipients:0:Departments:1"] = "care",
            ["Digest:Recipients:0:Locale"] = "es-ES",
            ["Digest:Recipients:1:AadObjectId"] = NewYorkId,
            ["Digest:Recipients:1:TimeZone"] = "America/New_York",
            ["Digest:Recipients:1:LocalHour"] = "8",
            ["Digest:RetryBaseDelay"] = "00:00:10",
            ["Digest:MaxAttempts"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await WorkflowHost.StartAsync(all, connector, graph, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            if (alwaysLeads)
            {
                // As if the lease failed to keep two instances apart: only the durable record stands between them.
                services.AddSingleton<TeamsEscalationBot.Storage.Leases.ILeadership, TeamsEscalationBot.Storage.Leases.SoleLeadership>();
            }

            services.AddSingleton<IDigestMessages>(sp => new CapturedDigests.Decorator(new DigestMessages(sp.GetRequiredService<DigestCardBuilder>()), captured));
        });
        return new DigestHost(host, time, captured);
    }

    /// <summary>The personal-chat conversation the fake connector opens for a user.</summary>
    public static string ChatOf(string aadObjectId) => "a:conversation-" + aadObjectId;

    /// <summary>Messages posted (successfully) into the recipient's 1:1 chat, across every host sharing the connector.</summary>
    public static int PostsTo(FakeBotConnector connector, string aadObjectId) =>
        connector.Calls.Count(c => c.IsSend && c.Succeeded && c.ConversationId == ChatOf(aadObjectId));

    /// <summary>Waits (bounded) until a scheduler pass has run at the clock's current instant.</summary>
    /// <summary>True while this host holds the deployment's lease (only the leader runs the scheduler).</summary>
    public bool IsLeader => Host.App.Services.GetRequiredService<TeamsEscalationBot.Storage.Leases.ILeadership>().IsLeader;

    public Task PassAsync(CancellationToken cancellationToken)
    {
        var target = Time.GetUtcNow();
        Scheduler.Wake();
        return Eventually.UntilAsync(
            _ => Task.FromResult(Scheduler.LastPassAt is { } at && at >= target), cancellationToken, because: $"a digest pass at {target:O}");
    }

    /// <summary>Moves the clock (outbox idle first, as the service-level tests do) and waits for a pass at the new instant.</summary>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        Time.Advance(by);
        Host.App.Services.GetRequiredService<TeamsEscalationBot.Storage.OutboxSignal>().Notify();
        await PassAsync(cancellationToken);
    }

    /// <summary>Stops this host only: the connector, Graph and database file belong to the test (other hosts may share them).</summary>
    public async ValueTask DisposeAsync()
    {
        Host.Api.Dispose();
        Host.Bot.Dispose();
        await Host.App.DisposeAsync();
    }

    /// <summary>A personal-chat message to the bot and the reply the connector received in that chat.</summary>
    public async Task<JsonNode> ChatAsync(UserRef from, string text, CancellationToken cancellationToken, string locale = "en-US")
    {
        var conversation = "a:1" + Guid.NewGuid().ToString("N");
        var activity = Activities.Message(Host.Connector.ServiceUrl, text, from, conversation, locale);
        using var response = await Host.Bot.PostAsync(activity);
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        var sent = await Host.Connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsSend, 1, TimeSpan.FromSeconds(20), cancellationToken);
        return sent[^1].Json!;
    }
}
