using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Digest;

/// <summary>
/// Who gets a digest: the <c>digest</c> command in the personal chat (a recipient gets theirs now, anyone else is told
/// whom to ask), and recipients that come from an Entra group in the fake Graph (read through the real Graph SDK).
/// </summary>
[TestClass]
public sealed class DigestRecipientsTests
{
    private const string LeadershipGroupId = "1eade500-0000-4000-8000-0000000000a1";
    private const string BoardGroupId = "1eade500-0000-4000-8000-0000000000b2";
    private static readonly DateTimeOffset TuesdayMorning = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task DigestCommand_Recipient_TheirDailyDigestNowAndNotRecordedAsTheScheduledOne()
    {
        await using var world = await DigestSchedulingTests.World.StartAsync();
        await using var host = await world.HostAsync(TuesdayMorning);
        await host.PassAsync(Ct);
        var madrid = new UserRef("29:1madrid-executive", "Marta Directora", DigestHost.MadridId);

        var reply = await host.ChatAsync(madrid, "digest", Ct);

        Assert.AreEqual("application/vnd.microsoft.card.adaptive", reply["attachments"]![0]!["contentType"]!.GetValue<string>());
        var input = host.Captured.In("Europe/Madrid").Single();
        Assert.AreEqual(DigestCadence.Daily, input.Cadence);
        Assert.IsFalse(input.Late);
        Assert.AreEqual(ReportCalendar.Days(new DateOnly(2026, 3, 9), 1, input.TimeZone), input.Summary.Period, "yesterday in the recipient's time zone");
        Assert.AreEqual("es-ES", input.Locale, "the recipient's configured language");
        Assert.IsNull(
            await host.Store.GetAsync(DigestSend.KeyOf(DigestHost.MadridId, DigestCadence.Daily, new DateOnly(2026, 3, 9)), Ct),
            "an on-demand digest is not the scheduled one");
        Assert.AreEqual(0, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "answered in the conversation it was asked in");
    }

    [TestMethod]
    [DataRow("en-US", "digest", "ask your Teams administrators")]
    [DataRow("es-ES", "resumen", "pide a los administradores de Teams")]
    public async Task DigestCommand_NotARecipient_ToldPolitelyWhoGetsDigestsAndWhomToAsk(string locale, string command, string expected)
    {
        await using var world = await DigestSchedulingTests.World.StartAsync();
        await using var host = await world.HostAsync(TuesdayMorning);
        var outsider = new UserRef("29:1someone-else", "Someone Else", Guid.NewGuid().ToString());

        var reply = await host.ChatAsync(outsider, command, Ct, locale);

        StringAssert.Contains(reply["text"]!.GetValue<string>(), expected);
        Assert.IsNull(reply["attachments"] is JsonArray { Count: > 0 } ? reply["attachments"] : null, "no digest card");
        Assert.IsEmpty(host.Captured.All, "nothing was computed for them");
    }

    [TestMethod]
    public async Task Help_ListsTheDigestCommand()
    {
        await using var world = await DigestSchedulingTests.World.StartAsync();
        await using var host = await world.HostAsync(TuesdayMorning);

        var reply = await host.ChatAsync(Activities.Ana, "help", Ct);

        StringAssert.Contains(reply["attachments"]![0]!["content"]!.ToJsonString(), "**digest**");
    }

    [TestMethod]
    public async Task Group_MembersFromGraph_BecomeRecipientsWithTheGroupDefaultsAndListedPeopleKeepTheirOwn()
    {
        await using var world = await DigestSchedulingTests.World.StartAsync();
        var nested = Guid.NewGuid().ToString();
        var direct = Guid.NewGuid().ToString();
        world.Graph.AddUser(new FakeGraphUser(nested, "Nora Nested"));
        world.Graph.AddUser(new FakeGraphUser(direct, "Dario Direct"));
        world.Graph.AddMember(LeadershipGroupId, direct);
        world.Graph.AddMember(LeadershipGroupId, DigestHost.MadridId);
        world.Graph.AddMember(LeadershipGroupId, BoardGroupId);
        world.Graph.AddMember(BoardGroupId, nested);
        world.Graph.MemberPageSize = 2;
        await using var host = await world.HostAsync(new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero), GroupSettings());
        await host.PassAsync(Ct);

        // Through 10:00 UTC: Madrid's own hour (07:00Z), then the group's 09:00 UTC.
        for (var step = 0; step < 8; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(30), Ct);
        }

        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, nested), "a member through a nested group");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, direct), "a direct member");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, DigestHost.MadridId), "a listed person in the group gets one digest, not two");
        Assert.AreEqual(2, host.Captured.In("UTC").Count, "the group's members, with the group's time zone");
        Assert.HasCount(1, host.Captured.In("Europe/Madrid"), "the listed person's own time zone");
        Assert.IsTrue(world.Graph.Requests.Any(r => r.Path.EndsWith($"/groups/{LeadershipGroupId}/transitiveMembers", StringComparison.OrdinalIgnoreCase) && r.Query.Contains("skiptoken", StringComparison.OrdinalIgnoreCase)), "followed the next page");
        var member = new UserRef("29:1nora", "Nora Nested", nested);
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", (await host.ChatAsync(member, "digest", Ct))["attachments"]![0]!["contentType"]!.GetValue<string>(), "a group member may ask for theirs");
    }

    [TestMethod]
    public async Task Group_GraphFailsLater_TheLastListStaysAndAWarningIsLogged()
    {
        await using var world = await DigestSchedulingTests.World.StartAsync();
        var member = Guid.NewGuid().ToString();
        world.Graph.AddUser(new FakeGraphUser(member, "Gala Group"));
        world.Graph.AddMember(LeadershipGroupId, member);
        await using var host = await world.HostAsync(new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero), GroupSettings());
        await host.PassAsync(Ct);
        var reads = world.Graph.Requests.Count(r => r.Path.Contains("/transitiveMembers", StringComparison.Ordinal));
        world.Graph.EnqueueFault(new GraphFault(503, 1000) { Match = r => r.Path.Contains("/transitiveMembers", StringComparison.Ordinal) });

        // Past the refresh interval (5 minutes) and the group's hour (09:00 UTC).
        for (var step = 0; step < 7; step++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(10), Ct);
        }

        Assert.AreEqual(1, reads, "read once on the first pass");
        Assert.AreEqual(1, DigestHost.PostsTo(world.Connector, member), "still a recipient while Graph fails");
        Assert.IsTrue(world.Graph.Requests.Count(r => r.Path.Contains("/transitiveMembers", StringComparison.Ordinal) && r.Status == 503) is > 0 and <= 7, "read again at most once per interval");
        Assert.IsTrue(host.Host.App.Logs.GetSnapshot().Any(l => l.Level == LogLevel.Warning && l.Message.Contains("keeping the last list (1 users)", StringComparison.Ordinal)));
    }

    private static Dictionary<string, string?> GroupSettings() => new()
    {
        ["Digest:RecipientGroupId"] = LeadershipGroupId,
        ["Digest:GroupDefaults:TimeZone"] = "UTC",
        ["Digest:GroupDefaults:LocalHour"] = "9",
        ["Digest:GroupRefreshInterval"] = "00:05:00",
        ["Graph:MaxRetryWait"] = "00:00:00",
    };
}
