using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Playground;

namespace TeamsEscalationBot.IntegrationTests.EndToEnd;

/// <summary>
/// A complaint's whole life with a real Teams client: the bot as built (a child process, Development, no token,
/// the static directory) and the Microsoft 365 Agents Playground with the repository's mock world, both on loopback.
/// The test reads what people see — the cards and messages the playground shows — and presses the buttons they would.
/// </summary>
[TestClass]
public sealed partial class PlaygroundLifecycleTests
{
    private const string BillingChannel = "Billing escalations";
    private const string ComplaintText = "I was charged twice for my March invoice and nobody answers my emails";
    private const string AnswerText = "We are sorry! The duplicate charge was refunded today; it shows on your account within 3 days.";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task Lifecycle_PlaygroundTestDriverApi_CommunityManagerAndBillingAgentSeeEveryStep()
    {
        var workDirectory = WorkDirectory("api");
        await using var session = await PlaygroundSession.StartAsync(workDirectory, Cancel);
        await using var playground = await PlaygroundClient.ConnectAsync(session.PlaygroundUrl, Cancel);
        var world = PlaygroundWorld.From(await playground.GetConfigAsync(Cancel));
        var run = new Run(playground, world, Cancel);
        try
        {
            await run.InstallAsync();
            var intake = await run.NewAsync();
            var complaintId = await run.EscalateAsync(intake);
            var posted = await run.ChannelCardAsync(complaintId);
            var claimed = await run.ClaimAsync(posted, complaintId);
            await run.ResolveAsync(posted, claimed);
            var relay = await run.RelayCardAsync(complaintId);
            await run.AcceptAsync(posted, relay, complaintId);
        }
        catch (Exception ex) when (ex is not AssertInconclusiveException)
        {
            throw new AssertFailedException($"{ex.Message}{Environment.NewLine}{session.DescribeLogs()}", ex);
        }

        Directory.Delete(workDirectory, recursive: true);
    }

    private string WorkDirectory(string name) =>
        Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "playground-e2e", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);

    /// <summary>The steps, as the people of the mock world take them: Ana (CM) in her chat, Ben (Billing) in the channel.</summary>
    private sealed partial class Run(PlaygroundClient playground, PlaygroundWorld world, CancellationToken cancellationToken)
    {
        private readonly PlaygroundUser _ana = world.User("Ana Ruiz");
        private readonly PlaygroundUser _ben = world.User("Ben Carter");
        private readonly string _chat = world.PersonalChatId;
        private readonly string _billing = world.Channel(BillingChannel);

        /// <summary>Ana adds the app: the bot answers the install with its welcome card.</summary>
        public async Task InstallAsync()
        {
            Assert.AreEqual(_ana, world.CurrentUser, "the UI acts as the community manager");
            var mark = playground.Mark();
            await playground.SendTemplateActivityAsync(_chat, "install", cancellationToken);
            await playground.SendTemplateActivityAsync(_chat, "botAdded", cancellationToken);
            var welcome = await WaitForCardAsync("welcome card in Ana's chat", mark, m => m.ConversationId == _chat, "Welcome to Escalations");
            AssertShows(welcome.Card!, "Welcome to Escalations", "**new** — escalate a complaint (or paste its text or link)");
        }

        /// <summary>Ana types <c>new</c>: the intake card.</summary>
        public async Task<PlaygroundMessage> NewAsync()
        {
            var mark = playground.Mark();
            await playground.SendMessageAsync(_chat, _ana.Id, "new", cancellationToken);
            var intake = await WaitForCardAsync("intake card in Ana's chat", mark, m => m.ConversationId == _chat, "Escalate a complaint");
            AssertShows(intake.Card!, "Complaint text", "Link to the public post", "Network", "Priority", "Department");
            Assert.IsNotNull(CardView.FindExecute(intake.Card!, "intake.submit"), CardView.Describe(intake.Card!));
            return intake;
        }

        /// <summary>Ana fills the card and presses Escalate: the confirmation says the id, the department and why.</summary>
        public async Task<string> EscalateAsync(PlaygroundMessage intake)
        {
            var data = Inputs(CardView.FindExecute(intake.Card!, "intake.submit")!, new()
            {
                ["intakeText"] = ComplaintText,
                ["intakeLink"] = "https://x.com/angry_customer/status/1790001",
                ["intakeAuthor"] = "@angry_customer",
                ["intakeNetwork"] = "x",
                ["intakePriority"] = "high",
                ["intakeDepartment"] = "auto",
                ["intakeCategory"] = string.Empty,
            });
            var confirmation = CardOf(await playground.ExecuteAsync(_chat, _ana.Id, intake.MessageId, "intake.submit", data, cancellationToken));
            var texts = CardView.Texts(confirmation);
            var title = texts.Select(t => ConfirmationTitle().Match(t)).FirstOrDefault(m => m.Success);
            Assert.IsNotNull(title, CardView.Describe(confirmation));
            AssertShows(confirmation, "Department: Billing", "State: Received", "Priority: High");
            Assert.IsTrue(
                texts.Any(t => t.StartsWith("It goes to Billing because the text mentions:", StringComparison.Ordinal) && t.Contains("invoice", StringComparison.Ordinal)),
                CardView.Describe(confirmation));
            return title.Groups["id"].Value;
        }

        /// <summary>The Billing channel gets the complaint's card as a new thread.</summary>
        public async Task<PlaygroundMessage> ChannelCardAsync(string complaintId)
        {
            var posted = await WaitForCardAsync("complaint card in the Billing channel", 0, m => m.IsNew && m.ConversationId == _billing, $"Complaint {complaintId}");
            AssertShows(posted.Card!, "Priority: High", ComplaintText, "Department: Billing", "Owner: Nobody yet", "Requested by: Ana Ruiz");
            return posted;
        }

        /// <summary>Ben (Billing) presses Claim: his card, the channel's card and the thread say he claimed it.</summary>
        public async Task<JsonObject> ClaimAsync(PlaygroundMessage posted, string complaintId)
        {
            var claim = CardView.FindExecute(posted.Card!, "complaint.claim");
            var mark = playground.Mark();
            var answer = await playground.ExecuteAsync(
                Thread(posted), _ben.Id, posted.MessageId, "complaint.claim", claim?.Data ?? ComplaintData(posted.Card!, complaintId), cancellationToken);
            PendingIfUnhandled(answer, "complaint.claim", "the card workflow (branch 'workflow')");
            Assert.IsNotNull(claim, $"The channel card offers no Claim button: {CardView.Describe(posted.Card!)}");

            var mine = CardOf(answer);
            AssertShows(mine, "State: Claimed", "Owner: Ben Carter");
            await WaitForReplyAsync(posted, mark, "Claimed by Ben Carter");
            await WaitForCardAsync("channel card showing Ben as owner", mark, m => m.MessageId == posted.MessageId && !m.IsNew, "Owner: Ben Carter");
            return mine;
        }

        /// <summary>Ben writes the answer and resolves: the card shows the agreed answer, the thread says so.</summary>
        public async Task ResolveAsync(PlaygroundMessage posted, JsonObject bensCard)
        {
            var resolve = CardView.FindExecute(bensCard, "complaint.resolve");
            Assert.IsNotNull(resolve, $"Ben's card offers no way to resolve: {CardView.Describe(bensCard)}");
            var mark = playground.Mark();
            var answer = await playground.ExecuteAsync(
                Thread(posted), _ben.Id, posted.MessageId, "complaint.resolve", Inputs(resolve, new() { ["answerText"] = AnswerText }), cancellationToken);
            PendingIfUnhandled(answer, "complaint.resolve", "the card workflow (branch 'workflow')");
            AssertShows(CardOf(answer), "State: Answered", AnswerText);
            await WaitForReplyAsync(posted, mark, "Resolved by Ben Carter");
        }

        /// <summary>Ana's chat receives the relay card with the agreed answer.</summary>
        public async Task<PlaygroundMessage> RelayCardAsync(string complaintId)
        {
            PlaygroundMessage relay;
            try
            {
                relay = await WaitForCardAsync("relay card in Ana's chat", 0, m => m.IsNew && m.ConversationId == _chat, $"Answer for complaint {complaintId}");
            }
            catch (TimeoutException)
            {
                // Tell "not built yet" from "built and broken" by asking the bot whether it knows the relay's verbs at all.
                var probe = await playground.ExecuteAsync(_chat, _ana.Id, "0", "relay.accept", new JsonObject { ["complaintId"] = complaintId, ["version"] = 0 }, cancellationToken);
                PendingIfUnhandled(probe, "relay.accept", "the relay to the community manager (branch 'relay')");
                throw;
            }

            AssertShows(relay.Card!, AnswerText);
            Assert.IsTrue(CardView.Texts(relay.Card!).Any(t => t.StartsWith("Answered by Ben Carter", StringComparison.Ordinal)), CardView.Describe(relay.Card!));
            Assert.IsNotNull(CardView.FindExecute(relay.Card!, "relay.sendBack"), CardView.Describe(relay.Card!));
            return relay;
        }

        /// <summary>Ana accepts: her card shows the outcome, the complaint is Closed for everybody.</summary>
        public async Task AcceptAsync(PlaygroundMessage posted, PlaygroundMessage relay, string complaintId)
        {
            var accept = CardView.FindExecute(relay.Card!, "relay.accept");
            Assert.IsNotNull(accept, CardView.Describe(relay.Card!));
            var mark = playground.Mark();
            var outcome = CardOf(await playground.ExecuteAsync(_chat, _ana.Id, relay.MessageId, "relay.accept", accept.Data ?? [], cancellationToken));
            Assert.IsTrue(CardView.Texts(outcome).Any(t => t.StartsWith("You accepted this answer", StringComparison.Ordinal)), CardView.Describe(outcome));
            Assert.IsNull(CardView.FindExecute(outcome, "relay.accept"), "no second Accept");
            await WaitForReplyAsync(posted, mark, "Accepted by Ana Ruiz");
            await WaitForCardAsync("channel card showing Closed", mark, m => m.MessageId == posted.MessageId && !m.IsNew, "State: Closed");

            mark = playground.Mark();
            await playground.SendMessageAsync(_chat, _ana.Id, $"status {complaintId}", cancellationToken);
            await WaitForCardAsync("status card in Ana's chat", mark, m => m.ConversationId == _chat, "State: Closed");
        }

        private static string Thread(PlaygroundMessage posted) => $"{posted.ConversationId};messageid={posted.MessageId}";

        private Task<PlaygroundMessage> WaitForReplyAsync(PlaygroundMessage posted, int mark, string text) =>
            playground.WaitForAsync(
                $"reply '{text}' in the complaint's thread", mark,
                m => m.IsNew && m.ConversationId == Thread(posted) && (m.Text ?? string.Empty).Contains(text, StringComparison.Ordinal),
                StepTimeout, cancellationToken);

        private Task<PlaygroundMessage> WaitForCardAsync(string description, int mark, Func<PlaygroundMessage, bool> where, string shows) =>
            playground.WaitForAsync(
                description, mark,
                m => where(m) && m.Card is { } card && CardView.Texts(card).Any(t => t.Contains(shows, StringComparison.Ordinal)),
                StepTimeout, cancellationToken);

        /// <summary>What a card's button sends: its data with the card's inputs merged in, as Teams does.</summary>
        private static JsonObject Inputs(CardButton button, JsonObject inputs)
        {
            var data = button.Data?.DeepClone().AsObject() ?? [];
            foreach (var (key, value) in inputs)
            {
                data[key] = value?.DeepClone();
            }

            return data;
        }

        private static JsonObject ComplaintData(JsonObject card, string complaintId) =>
            card["refresh"]?["action"]?["data"]?.DeepClone() as JsonObject ?? new JsonObject { ["complaintId"] = complaintId };

        [GeneratedRegex("^Complaint (?<id>C[0-9A-Z]{15}) escalated$")]
        private static partial Regex ConfirmationTitle();
    }

    private static JsonObject CardOf(JsonObject invokeAnswer)
    {
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", invokeAnswer["type"]?.GetValue<string>(), invokeAnswer.ToJsonString());
        return invokeAnswer["value"]!.AsObject();
    }

    private static void AssertShows(JsonObject card, params string[] texts)
    {
        var shown = CardView.Texts(card);
        foreach (var text in texts)
        {
            Assert.IsTrue(shown.Any(t => t.Contains(text, StringComparison.Ordinal)), $"'{text}' is not on the card: {CardView.Describe(card)}");
        }
    }

    /// <summary>
    /// Features still being built on other branches answer their verbs with UnknownVerb: the test then stops as
    /// Inconclusive naming what is missing (never as passed); once the feature is in the build the same code asserts it.
    /// </summary>
    private static void PendingIfUnhandled(JsonObject invokeAnswer, string verb, string feature)
    {
        if (invokeAnswer["value"]?["code"]?.GetValue<string>() == "UnknownVerb")
        {
            Assert.Inconclusive($"PENDING: this build does not handle '{verb}' yet — {feature} has not landed. Every step before it passed.");
        }
    }
}
