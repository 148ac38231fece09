using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Notifications;

/// <summary>The notices that end before any Graph call or storage read: switched off, no Graph credential, unreadable.</summary>
[TestClass]
public sealed class ActivityNoticeHandlerTests
{
    private static OutboxItem Notice(string type = ActivityTypes.ComplaintAssigned) =>
        ActivityNotices.For(InState(TeamsEscalationBot.Domain.Complaints.ComplaintState.Open), "aad-luis", type, Start);

    /// <summary>A handler whose store, links and router are absent: touching them would throw.</summary>
    private static ActivityNoticeHandler Handler(bool enabled = true, bool credential = false)
    {
        var options = Options.Create(new ActivityFeedOptions { Enabled = enabled });
        var graph = new BotGraphClient(new BotCredential(credential ? new Azure.Identity.ClientSecretCredential("t", "c", "s") : null), Options.Create(new GraphOptions()));
        return new ActivityNoticeHandler(null!, graph, null!, new ActivityFeedReach(options, TimeProvider.System), null!, options, TimeProvider.System, NullLogger<ActivityNoticeHandler>.Instance);
    }

    [TestMethod]
    public async Task Handle_NoGraphCredential_DoneWithoutACall()
    {
        var handler = Handler(credential: false);

        Assert.AreEqual(OutboxResult.Done, await handler.HandleAsync(Notice(), CancellationToken.None));
        Assert.AreEqual(OutboxKinds.ActivityNotice, handler.Kind);
    }

    [TestMethod]
    public async Task Handle_Disabled_DoneWithoutACall() =>
        Assert.AreEqual(OutboxResult.Done, await Handler(enabled: false, credential: true).HandleAsync(Notice(), CancellationToken.None));

    [TestMethod]
    public async Task Handle_UndeclaredTypeOrBrokenPayload_FailedForGood()
    {
        var handler = Handler(credential: true);

        Assert.IsInstanceOfType<OutboxFailed>(await handler.HandleAsync(Notice("systemDefault"), CancellationToken.None));
        Assert.IsInstanceOfType<OutboxFailed>(await handler.HandleAsync(OutboxItem.Create(OutboxKinds.ActivityNotice, "c-1", "[]", Start), CancellationToken.None));
    }
}
