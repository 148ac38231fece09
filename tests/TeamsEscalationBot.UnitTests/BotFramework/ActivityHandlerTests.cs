using System.Security.Claims;
using System.Text.Json;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Builder.Compat;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>Dispatch of each activity type to the handler methods, and the invoke responses.</summary>
[TestClass]
public sealed class ActivityHandlerTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("message", null, null, "message")]
    [DataRow("installationUpdate", "add", null, "install-add")]
    [DataRow("installationUpdate", "add-upgrade", null, "install-add")]
    [DataRow("installationUpdate", "remove", null, "install-remove")]
    [DataRow("installationUpdate", "remove-upgrade", null, "install-remove")]
    [DataRow("conversationUpdate", null, "teamMemberAdded", "members-added")]
    [DataRow("conversationUpdate", null, "teamMemberRemoved", "members-removed")]
    [DataRow("conversationUpdate", null, null, "members-added")]
    public async Task OnTurn_ActivityType_DispatchedToItsMethod(string type, string? action, string? eventType, string expected)
    {
        var bot = new RecordingBot();
        var activity = new Activity
        {
            Type = type,
            Action = action,
            ChannelId = Channels.Msteams,
            MembersAdded = type == "conversationUpdate" && eventType != "teamMemberRemoved" ? [new ChannelAccount { Id = "28:bot" }] : null,
            MembersRemoved = eventType == "teamMemberRemoved" ? [new ChannelAccount { Id = "28:bot" }] : null,
            ChannelData = new TeamsChannelData { EventType = eventType, Team = new TeamInfo { Id = "19:team" } },
        };

        await bot.OnTurnAsync(Turn(activity), TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { expected }, bot.Calls);
    }

    [TestMethod]
    [DataRow("messageReaction")]
    [DataRow("typing")]
    [DataRow("somethingNew")]
    public async Task OnTurn_OtherActivityType_IgnoredWithoutAnswer(string type)
    {
        var bot = new RecordingBot();
        var turn = Turn(new Activity { Type = type });

        await bot.OnTurnAsync(turn, CancellationToken.None);

        Assert.IsEmpty(bot.Calls);
        Assert.IsFalse(turn.Responded);
    }

    [TestMethod]
    public async Task OnTurn_TeamMemberAddedWithOnlyMembersAddedOverridden_MembersAdded()
    {
        var bot = new MembersOnlyBot();
        var activity = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = Channels.Msteams,
            MembersAdded = [new ChannelAccount { Id = "29:ana" }],
            ChannelData = new TeamsChannelData { EventType = "teamMemberAdded" },
        };
        await bot.OnTurnAsync(Turn(activity), TestContext.CancellationToken);
        Assert.AreEqual("29:ana", bot.Added.Single().Id);
    }

    [TestMethod]
    public async Task OnTurn_AdaptiveCardAction_HandlerValueWrappedInHttp200()
    {
        var bot = new RecordingBot();
        var turn = Turn(new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = InvokeNames.AdaptiveCardAction,
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","verb":"claim","data":{"id":"c1"}},"trigger":"manual"}""").RootElement,
        });

        await bot.OnTurnAsync(turn, TestContext.CancellationToken);

        Assert.AreEqual(200, turn.InvokeResponse!.Status);
        var body = (AdaptiveCardInvokeResponse)turn.InvokeResponse.Body!;
        Assert.AreEqual(AdaptiveCardInvokeResponse.MessageType, body.Type);
        Assert.AreEqual("claim:c1", body.Value);
    }

    [TestMethod]
    public async Task OnTurn_AdaptiveCardActionNotOverridden_Http200With501Body()
    {
        var bot = new MembersOnlyBot();
        var turn = Turn(new Activity
        {
            Type = ActivityTypes.Invoke,
            Name = InvokeNames.AdaptiveCardAction,
            Value = JsonDocument.Parse("""{"action":{"type":"Action.Execute","verb":"x"}}""").RootElement,
        });
        await bot.OnTurnAsync(turn, TestContext.CancellationToken);

        Assert.AreEqual(200, turn.InvokeResponse!.Status);
        Assert.AreEqual(501, ((AdaptiveCardInvokeResponse)turn.InvokeResponse.Body!).StatusCode);
    }

    [TestMethod]
    public async Task OnTurn_UnknownInvoke_501()
    {
        var turn = Turn(new Activity { Type = ActivityTypes.Invoke, Name = "task/fetch" });
        await new RecordingBot().OnTurnAsync(turn, TestContext.CancellationToken);
        Assert.AreEqual(501, turn.InvokeResponse!.Status);
    }

    [TestMethod]
    public async Task SendActivity_FillsAddressFromInboundActivity()
    {
        var connector = new FakeConnectorClient();
        var inbound = new Activity
        {
            Type = "message",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            ChannelId = "msteams",
            Locale = "es-ES",
            From = new ChannelAccount { Id = "29:ana" },
            Recipient = new ChannelAccount { Id = "28:bot" },
            Conversation = new ConversationAccount { Id = "a:chat" },
        };
        var turn = new TurnContext(inbound, new ClaimsIdentity(), connector);

        await turn.SendActivityAsync("hola");

        var sent = connector.Sent.Single();
        Assert.AreEqual("a:chat", sent.ConversationId);
        Assert.AreEqual("28:bot", sent.Activity!.From!.Id);
        Assert.AreEqual("es-ES", sent.Activity.Locale);
        Assert.IsTrue(turn.Responded);
    }

    private static TurnContext Turn(Activity activity)
    {
        activity.ServiceUrl ??= "https://smba.trafficmanager.net/emea/";
        activity.Conversation ??= new ConversationAccount { Id = "a:chat" };
        activity.Recipient ??= new ChannelAccount { Id = "28:bot" };
        return new TurnContext(activity, new ClaimsIdentity(), new FakeConnectorClient());
    }

    private sealed class RecordingBot : ActivityHandler
    {
        public List<string> Calls { get; } = [];

        protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Note("message");

        protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Note("install-add");

        protected override Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Note("install-remove");

        protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) => Note("members-added");

        protected override Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) => Note("members-removed");

        protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
            Task.FromResult(AdaptiveCardInvokeResponse.Message($"{invokeValue.Action!.Verb}:{invokeValue.Action.Data!.Value.GetProperty("id").GetString()}"));

        private Task Note(string call)
        {
            Calls.Add(call);
            return Task.CompletedTask;
        }
    }

    private sealed class MembersOnlyBot : ActivityHandler
    {
        public List<ChannelAccount> Added { get; } = [];

        protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
        {
            Added.AddRange(membersAdded);
            return Task.CompletedTask;
        }
    }
}
