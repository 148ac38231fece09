using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Digest;

/// <summary>
/// Scheduled digests end to end, over real HTTP with a fake clock: recipients in Madrid and New York (08:00 local
/// each), the real scheduler, the SQLite record of sends, the fake connector counting posts per recipient's chat.
/// Tuesday 10 March 2026: Madrid is UTC+1 (08:00 = 07:00Z), New York already on daylight time, UTC−4 (08:00 = 12:00Z).
/// </summary>
[TestClass]
public sealed class DigestSchedulingTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MadridHour = new(2026, 3, 10, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NewYorkHour = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Schedule_TwoTimeZonesThroughADay_EachRecipientGetsOneDailyDigestAtTheirLocalHour()
    {
        await using var world = await World.StartAsync();
        await using var host = await world.HostAsync(Midnight);
        await host.PassAsync(Ct);
        var firstPost = new Dictionary<string, DateTimeOffset>();

        // Half an hour at a time through the whole day (and an hour past it).
        for (var step = 0; step < 50; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(30), Ct);
            foreach (var id in new[] { DigestHost.MadridId, DigestHost.NewYorkId })
            {
                if (DigestHost.PostsTo(world.Connector, id) > 0)
                {
                    firstPost.TryAdd(id, host.Time.GetUtcNow());
                }
            }
        }

        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "one daily digest for Madrid in the day");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.NewYorkId), "one daily digest for New York in the day");
        Assert.AreEqual(MadridHour, firstPost[DigestHost.MadridId], "at 08:00 in Madrid, the first pass at or after it");
        Assert.AreEqual(NewYorkHour, firstPost[DigestHost.NewYorkId], "at 08:00 in New York");
        var madrid = host.Captured.In("Europe/Madrid").Single();
        Assert.AreEqual(DigestCadence.Daily, madrid.Cadence);
        Assert.IsFalse(madrid.Late);
        Assert.AreEqual("es-ES", madrid.Locale);
        Assert.AreEqual(ReportCalendar.Days(new DateOnly(2026, 3, 9), 1, madrid.TimeZone), madrid.Summary.Period, "yesterday in Madrid");
        var newYork = host.Captured.In("America/New_York").Single();
        Assert.AreEqual(new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero), newYork.Summary.Period.From, "yesterday in New York: from its midnight (EDT)");
        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 4, 0, 0, TimeSpan.Zero), newYork.Summary.Period.To);
        var record = await host.Store.GetAsync(DigestSend.KeyOf(DigestHost.MadridId, DigestCadence.Daily, new DateOnly(2026, 3, 9)), Ct);
        Assert.AreEqual(DigestSendState.Sent, record!.Send.State);
        Assert.AreEqual(1, record.Send.Attempts);
    }

    [TestMethod]
    public async Task Schedule_RestartRightAfterSending_NothingMoreIsSent()
    {
        await using var world = await World.StartAsync();
        await using (var first = await world.HostAsync(MadridHour.AddMinutes(-10)))
        {
            await first.PassAsync(Ct);
            await first.AdvanceAsync(TimeSpan.FromMinutes(10), Ct);
            Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "sent by the first host");
        }

        await using var second = await world.HostAsync(MadridHour.AddMinutes(1));
        await second.PassAsync(Ct);
        await second.AdvanceAsync(TimeSpan.FromMinutes(30), Ct);
        await second.AdvanceAsync(TimeSpan.FromHours(2), Ct);

        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "the restarted host sends nothing more");
        Assert.IsEmpty(second.Captured.In("Europe/Madrid"), "nor even composes it");
    }

    [TestMethod]
    public async Task Schedule_TwoInstancesOnOneDatabase_OneDigestPerRecipient()
    {
        await using var world = await World.StartAsync();
        var time = new FakeTimeProvider(MadridHour.AddMinutes(-5));
        await using var one = await world.HostAsync(time);
        await using var two = await world.HostAsync(time);

        // One lease for the deployment: the first host leads, the second stands by.
        Assert.IsTrue(one.IsLeader);
        Assert.IsFalse(two.IsLeader);
    }

    [TestMethod]
    public async Task Schedule_TwoSchedulersOnOneDatabase_OneDigestPerRecipient()
    {
        await using var world = await World.StartAsync();
        var time = new FakeTimeProvider(MadridHour.AddMinutes(-5));
        await using var one = await world.HostAsync(time, alwaysLeads: true);
        await using var two = await world.HostAsync(time, alwaysLeads: true);
        await Task.WhenAll(one.PassAsync(Ct), two.PassAsync(Ct));

        // Both schedulers see the hour at the same instant, again and again.
        for (var step = 0; step < 4; step++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            await Task.WhenAll(one.PassAsync(Ct), two.PassAsync(Ct));
        }

        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "one digest, though both schedulers were due to send it");
        Assert.AreEqual(1, one.Captured.All.Count + two.Captured.All.Count, "composed by one scheduler only");
    }

    [TestMethod]
    public async Task Schedule_ServiceDownAtTheHour_TheLatestMissedDigestIsSentLateOnce()
    {
        await using var world = await World.StartAsync();
        await using (var before = await world.HostAsync(MadridHour.AddHours(-1)))
        {
            await before.PassAsync(Ct);
        }

        // Down for two days and a half: back at 09:30 in Madrid on Thursday.
        await using var after = await world.HostAsync(MadridHour.AddDays(2).AddHours(2.5));
        await after.PassAsync(Ct);
        await after.AdvanceAsync(TimeSpan.FromMinutes(30), Ct);

        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "only the latest missed daily digest, not one per missed day");
        var late = after.Captured.In("Europe/Madrid").Single();
        Assert.IsTrue(late.Late, "marked late");
        Assert.AreEqual(ReportCalendar.Days(new DateOnly(2026, 3, 11), 1, late.TimeZone), late.Summary.Period, "Wednesday, the day before the comeback");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.NewYorkId), "New York's missed hour too (Wednesday 08:00 there)");
        Assert.IsTrue(after.Captured.In("America/New_York").Single().Late);
    }

    [TestMethod]
    public async Task Schedule_FirstStartAfterTheHour_NothingIsSentUntilTheNextHour()
    {
        await using var world = await World.StartAsync();
        await using var host = await world.HostAsync(MadridHour.AddHours(1));
        await host.PassAsync(Ct);
        await host.AdvanceAsync(TimeSpan.FromHours(1), Ct);

        Assert.AreEqual(0, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "a service that never ran missed nothing");
        await host.AdvanceAsync(TimeSpan.FromHours(22), Ct);
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "the next morning's digest");
    }

    [TestMethod]
    public async Task Schedule_TeamsFailsThenRecovers_RetriedUntilSentOnce()
    {
        await using var world = await World.StartAsync();
        world.Connector.EnqueueFault(new ConnectorFault(503, 2) { Match = c => c.IsSend && c.ConversationId == DigestHost.ChatOf(DigestHost.MadridId) });
        await using var host = await world.HostAsync(MadridHour.AddMinutes(-1), OnePostPerAttempt);
        await host.PassAsync(Ct);
        await host.AdvanceAsync(TimeSpan.FromMinutes(1), Ct);
        var key = DigestSend.KeyOf(DigestHost.MadridId, DigestCadence.Daily, new DateOnly(2026, 3, 9));

        // Recorded before sending, still pending after the failures; each later pass retries it once its backoff is over.
        for (var step = 0; step < 10 && (await host.Store.GetAsync(key, Ct))!.Send.State == DigestSendState.Pending; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(1), Ct);
        }

        var record = (await host.Store.GetAsync(key, Ct))!.Send;
        Assert.AreEqual(DigestSendState.Sent, record.State);
        Assert.AreEqual(3, record.Attempts, "two failed attempts, then the one that was sent");
        Assert.AreEqual(3, world.Connector.Calls.Count(c => c.IsSend && c.ConversationId == DigestHost.ChatOf(DigestHost.MadridId)), "one post per attempt");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId));
    }

    [TestMethod]
    public async Task Schedule_TeamsRefusesEveryAttempt_RecordedAsFailedWithAnError()
    {
        await using var world = await World.StartAsync();
        world.Connector.EnqueueFault(new ConnectorFault(503, 100) { Match = c => c.IsSend && c.ConversationId == DigestHost.ChatOf(DigestHost.MadridId) });
        await using var host = await world.HostAsync(MadridHour.AddMinutes(-1), OnePostPerAttempt);
        await host.PassAsync(Ct);
        await host.AdvanceAsync(TimeSpan.FromMinutes(1), Ct);
        var key = DigestSend.KeyOf(DigestHost.MadridId, DigestCadence.Daily, new DateOnly(2026, 3, 9));
        for (var step = 0; step < 20 && (await host.Store.GetAsync(key, Ct))!.Send.State == DigestSendState.Pending; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(1), Ct);
        }

        var record = (await host.Store.GetAsync(key, Ct))!.Send;
        Assert.AreEqual(DigestSendState.Failed, record.State);
        Assert.AreEqual(3, record.Attempts, "Digest:MaxAttempts");
        Assert.IsTrue(host.Host.App.Logs.GetSnapshot().Any(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains("will not be sent", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Digest_Figures_EqualTheReportEndpointsForTheSamePeriodAndDepartments()
    {
        await using var world = await World.StartAsync();
        await using var host = await world.HostAsync(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero));
        await host.PassAsync(Ct);
        var member = host.Host.NewBillingMember("Bea Billing");
        var claimed = await host.Host.NewOpenComplaintAsync(Ct);
        await host.Host.NewOpenComplaintAsync(Ct);
        await host.Host.NewOpenComplaintAsync(Ct, "The agent on the phone was rude to me");
        await host.Host.NewOpenComplaintAsync(Ct, "My parcel never arrived and the logistics team is silent");
        Assert.AreEqual(System.Net.HttpStatusCode.OK, (await host.Host.InvokeAsync(member, "complaint.claim", claimed)).Status);
        await host.AdvanceAsync(TimeSpan.FromHours(3), Ct);
        await host.Host.NewOpenComplaintAsync(Ct);

        // To Madrid's hour on Tuesday (its digest: Monday), then New York's.
        await host.AdvanceAsync(MadridHour - host.Time.GetUtcNow(), Ct);
        Assert.HasCount(1, host.Captured.In("Europe/Madrid"), string.Join("; ", host.Captured.In("Europe/Madrid").Select(i => $"{i.Summary.Period.From:O} late {i.Late}")));
        var madrid = host.Captured.In("Europe/Madrid").Single();
        using var reports = host.Host.App.CreateIntakeClient(DigestHost.ReportKey);
        CollectionAssert.AreEqual(new[] { "billing", "care" }, madrid.Summary.Departments.Select(d => d.DepartmentId).Order().ToArray(), "the recipient's departments only");
        foreach (var row in madrid.Summary.Departments)
        {
            var endpoint = JsonNode.Parse(await reports.GetStringAsync(
                $"/api/reports/summary?from=2026-03-09&to=2026-03-10&timeZone=Europe/Madrid&department={row.DepartmentId}", Ct))!;
            var expected = Json(host, ReportSummaryView.From(madrid.Summary, 0))["departments"]!.AsArray().Single(d => d!["id"]!.GetValue<string>() == row.DepartmentId)!;
            var actual = endpoint["departments"]!.AsArray().Single()!;
            Assert.IsTrue(JsonNode.DeepEquals(expected["figures"], actual["figures"]), $"{row.DepartmentId}: digest {expected["figures"]} endpoint {actual["figures"]}");
            Assert.IsTrue(JsonNode.DeepEquals(expected["trend"], actual["trend"]), $"{row.DepartmentId} trend: digest {expected["trend"]} endpoint {actual["trend"]}");
        }

        Assert.AreEqual(3, madrid.Summary.Departments.Single(d => d.DepartmentId == "billing").Figures.Received, "the figures are not empty: two on Monday morning and one at noon");
        Assert.AreEqual(1, madrid.Summary.Departments.Single(d => d.DepartmentId == "billing").Figures.Claimed);

        await host.AdvanceAsync(NewYorkHour - host.Time.GetUtcNow(), Ct);
        var newYork = host.Captured.In("America/New_York").Single(i => i.Summary.Period.From == new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero));
        var whole = JsonNode.Parse(await reports.GetStringAsync("/api/reports/summary?from=2026-03-09&to=2026-03-10&timeZone=America/New_York", Ct))!.AsObject();
        whole.Remove("complaintsRead");
        var digest = Json(host, ReportSummaryView.From(newYork.Summary, 0)).AsObject();
        digest.Remove("complaintsRead");
        Assert.IsTrue(JsonNode.DeepEquals(digest, whole), $"every department: digest {digest}{Environment.NewLine}endpoint {whole}");
        Assert.AreEqual(5, newYork.Summary.Totals.Received);
    }

    /// <summary>The Connector client's own retries off, so each digest attempt is one post.</summary>
    private static readonly Dictionary<string, string?> OnePostPerAttempt = new() { ["Bot:MaxRetries"] = "0" };

    private static JsonNode Json(DigestHost host, ReportSummaryView view) =>
        JsonSerializer.SerializeToNode(view, host.Host.App.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)!;

    /// <summary>The fakes and the database file one test's hosts share.</summary>
    internal sealed class World : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "teb-digest-tests", Guid.NewGuid().ToString("N"));

        private World(FakeBotConnector connector, FakeGraph graph)
        {
            Connector = connector;
            Graph = graph;
            Directory.CreateDirectory(_directory);
        }

        public FakeBotConnector Connector { get; }

        public FakeGraph Graph { get; }

        public string DatabasePath => Path.Combine(_directory, "escalations.db");

        public static async Task<World> StartAsync(IDictionary<string, string?>? settings = null) =>
            new(await FakeBotConnector.StartAsync(), await FakeGraph.StartAsync());

        public Task<DigestHost> HostAsync(DateTimeOffset start, IDictionary<string, string?>? settings = null) =>
            HostAsync(new FakeTimeProvider(start), settings);

        public Task<DigestHost> HostAsync(FakeTimeProvider time, IDictionary<string, string?>? settings = null, bool alwaysLeads = false) =>
            DigestHost.StartAsync(time, DatabasePath, Connector, Graph, settings, alwaysLeads);

        public async ValueTask DisposeAsync()
        {
            await Connector.DisposeAsync();
            await Graph.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
