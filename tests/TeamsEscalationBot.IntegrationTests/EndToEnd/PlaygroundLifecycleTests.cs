using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsEscalationBot.IntegrationTests.Cards;
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
    private const string UiDriver = "tests/e2e/playground-ui.mjs";
    private const string Chromium = "/usr/bin/chromium";
    private const string ComplaintText = "I was charged twice for my March invoice and nobody answers my emails";
    private const string AnswerText = "We are sorry! The duplicate charge was refunded today; it shows on your account within 3 days.";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan UiTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The steps of the web UI driver, in order.</summary>
    private static readonly string[] UiSteps = ["welcome", "intake", "escalate", "channel", "claim", "resolve", "relay", "accept", "closed", "escalation"];

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Cancel => TestContext.CancellationToken;

    [TestMethod]
    public async Task Lifecycle_PlaygroundTestDriverApi_CommunityManagerAndBillingAgentSeeEveryStep()
    {
        await InSessionAsync("api", async (session, playground, world) =>
        {
            var run = new Run(session, playground, world, Cancel);
            await run.InstallAsync();
            var intake = await run.NewAsync();
            var complaintId = await run.EscalateAsync(intake);
            var posted = await run.ChannelCardAsync(complaintId);
            var claimed = await run.ClaimAsync(posted, complaintId);
            await run.ResolveAsync(posted, claimed);
            var relay = await run.RelayCardAsync(complaintId);
            await run.AcceptAsync(posted, relay, complaintId);
        });
    }

    [TestMethod]
    public async Task Lifecycle_PlaygroundWebUiInChromium_CommunityManagerClicksThroughEveryStep()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"Chromium is not installed at {Chromium}; this test drives the playground's web UI with it. Install it with 'apt-get install -y chromium' (CI does).");
        }

        RepositoryPaths.NodeModule("playwright-core", "package.json");
        await InSessionAsync("ui", async (session, playground, world) =>
        {
            var screenshots = Path.Combine(TestContext.TestResultsDirectory ?? session.WorkDirectory, "playground-screenshots");
            if (Directory.Exists(screenshots))
            {
                Directory.Delete(screenshots, recursive: true);   // no picture of an earlier run may pass for this one's
            }

            var result = await NodeScript.RunAsync(
                UiDriver, [session.PlaygroundUrl.ToString(), screenshots, ComplaintText, AnswerText, session.BotUrl.ToString(), session.IntakeKey], UiTimeout);
            TestContext.WriteLine($"Playground screenshots: {screenshots}");
            var steps = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
            if (steps.FirstOrDefault(s => s["ok"]?.GetValue<bool>() != true) is { } failed)
            {
                Assert.Fail($"The web UI step '{failed["step"]}' failed: {failed["error"]} (screenshot: {failed["screenshot"]}).{Environment.NewLine}{result.Errors}");
            }

            Assert.AreEqual(0, result.ExitCode, result.Errors);
            CollectionAssert.AreEqual(UiSteps, steps.Select(s => s["step"]!.GetValue<string>()).ToList(), result.Output);
            AssertUiSteps(steps.ToDictionary(s => s["step"]!.GetValue<string>()));
        });
    }

    /// <summary>
    /// Starts the bot and the playground in a work directory of their own, runs <paramref name="steps"/>, stops both.
    /// A failure carries the last lines of both logs; the directory (data, full logs) is kept unless the steps passed.
    /// </summary>
    private async Task InSessionAsync(string name, Func<PlaygroundSession, PlaygroundClient, PlaygroundWorld, Task> steps)
    {
        var workDirectory = Path.Combine(
            TestContext.TestResultsDirectory ?? Path.GetTempPath(), "playground-e2e", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        await using (var session = await PlaygroundSession.StartAsync(workDirectory, Cancel))
        {
            try
            {
                await using var playground = await PlaygroundClient.ConnectAsync(session.PlaygroundUrl, Cancel);
                await steps(session, playground, PlaygroundWorld.From(await playground.GetConfigAsync(Cancel)));
            }
            catch (Exception ex)
            {
                // The bot's and the playground's last lines say more than a stack trace; the full logs stay in the work directory.
                var what = ex is AssertFailedException ? ex.Message : ex.ToString();
                throw new AssertFailedException($"{what}{Environment.NewLine}{session.DescribeLogs()}", ex);
            }
        }

        Directory.Delete(workDirectory, recursive: true);
    }

    /// <summary>The steps, as the people of the mock world take them: Ana (CM) in her chat, Ben (Billing) in the channel.</summary>
    private sealed partial class Run(PlaygroundSession session, PlaygroundClient playground, PlaygroundWorld world, CancellationToken cancellationToken)
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
            AssertShows(posted.Card!, "Priority: High", ComplaintText, "Department: Billing", "State: Open", "Owner: Nobody yet", "Requested by: Ana Ruiz");
            await session.WaitForComplaintAsync(complaintId, c => c["card"]?["posted"]?.GetValue<bool>() == true, StepTimeout, cancellationToken);
            return posted;
        }

        /// <summary>Ben (Billing) presses Claim: his card, the channel's card and the thread say he claimed it.</summary>
        public async Task<JsonObject> ClaimAsync(PlaygroundMessage posted, string complaintId)
        {
            var claim = CardView.FindExecute(posted.Card!, "complaint.claim");
            var mark = playground.Mark();
            var answer = await playground.ExecuteAsync(
                Thread(posted), _ben.Id, posted.MessageId, "complaint.claim", claim?.Data ?? ComplaintData(posted.Card!, complaintId), cancellationToken);
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
            AssertShows(CardOf(answer), "State: Answered", AnswerText);
            await WaitForReplyAsync(posted, mark, "Resolved by Ben Carter");
        }

        /// <summary>Ana's chat receives the relay card with the agreed answer.</summary>
        public async Task<PlaygroundMessage> RelayCardAsync(string complaintId)
        {
            var relay = await WaitForCardAsync("relay card in Ana's chat", 0, m => m.IsNew && m.ConversationId == _chat, $"Answer for complaint {complaintId}");

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

    /// <summary>What Ana saw at each step of the web UI walk (lines of the card the step is about, buttons, thread replies).</summary>
    private static void AssertUiSteps(Dictionary<string, JsonObject> steps)
    {
        var complaintId = steps["escalate"]["complaintId"]!.GetValue<string>();
        UiShows(steps["welcome"], "Welcome to Escalations", "new — escalate a complaint (or paste its text or link)");
        UiShows(steps["intake"], "Escalate a complaint", "Complaint text *", "Link to the public post (optional)");
        UiHasButtons(steps["intake"], "Escalate");
        UiShows(steps["escalate"], $"Complaint {complaintId} escalated", "It goes to Billing because the text mentions: invoice, charged.");
        UiFacts(steps["escalate"], ("Department", "Billing"), ("Priority", "High"));
        UiShows(steps["channel"], $"Complaint {complaintId}", "Priority: High", ComplaintText);
        UiFacts(steps["channel"], ("State", "Open"), ("Owner", "Nobody yet"), ("Requested by", "Ana Ruiz"));
        UiHasButtons(steps["channel"], "Claim");
        UiFacts(steps["claim"], ("State", "Claimed"), ("Owner", "Ana Ruiz"));
        UiHasButtons(steps["claim"], "Write answer", "Unclaim");
        UiReplies(steps["claim"], "Claimed by Ana Ruiz");
        UiShows(steps["resolve"], "Agreed answer", AnswerText);
        UiFacts(steps["resolve"], ("State", "Answered"));
        UiReplies(steps["resolve"], "Claimed by Ana Ruiz", "Resolved by Ana Ruiz");
        UiShows(steps["relay"], $"Answer for complaint {complaintId}", AnswerText);
        UiHasButtons(steps["relay"], "Accept", "Send back");
        Assert.IsTrue(Lines(steps["accept"]).Any(l => l.StartsWith("You accepted this answer", StringComparison.Ordinal)), steps["accept"].ToJsonString());
        Assert.IsEmpty(steps["accept"]["buttons"]!.AsArray(), "a decided relay card has no buttons");
        UiFacts(steps["closed"], ("State", "Closed"));
        UiReplies(steps["closed"], "Claimed by Ana Ruiz", "Resolved by Ana Ruiz", "Accepted by Ana Ruiz");
        var lateId = steps["escalation"]["complaintId"]!.GetValue<string>();
        var lateReplies = steps["escalation"]["replies"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var reminder = lateReplies.FindIndex(r => r.StartsWith($"Reminder: complaint {lateId} has not been claimed yet", StringComparison.Ordinal));
        var breach = lateReplies.FindIndex(r => r.StartsWith($"Overdue: nobody has claimed complaint {lateId}", StringComparison.Ordinal));
        Assert.IsTrue(reminder >= 0 && breach > reminder, "the late complaint's thread: the reminder, then the breach: " + string.Join(" | ", lateReplies));
        Assert.AreEqual(1, lateReplies.Count(r => r.StartsWith("Reminder: ", StringComparison.Ordinal)), "one reminder: " + string.Join(" | ", lateReplies));
        foreach (var png in steps.Values.Select(s => s["screenshot"]?.GetValue<string>()).OfType<string>())
        {
            var file = new FileInfo(png);
            Assert.IsTrue(file.Exists && file.Length > 10_000, $"{png} is missing or blank");
        }
    }

    private static List<string> Lines(JsonObject step) => [.. step["card"]!.AsArray().Select(l => l!.GetValue<string>())];

    private static void UiShows(JsonObject step, params string[] texts)
    {
        var lines = Lines(step);
        foreach (var text in texts)
        {
            Assert.Contains(text, lines, $"step {step["step"]}: {step.ToJsonString()}");
        }
    }

    /// <summary>A fact set reads as the title's line followed by the value's line.</summary>
    private static void UiFacts(JsonObject step, params (string Title, string Value)[] facts)
    {
        var lines = Lines(step);
        foreach (var (title, value) in facts)
        {
            var at = lines.IndexOf(title);
            Assert.IsTrue(at >= 0 && at + 1 < lines.Count && lines[at + 1] == value, $"step {step["step"]}: no fact {title} = {value} in {step.ToJsonString()}");
        }
    }

    private static void UiHasButtons(JsonObject step, params string[] titles)
    {
        var buttons = step["buttons"]!.AsArray().Select(b => b!.GetValue<string>()).ToList();
        foreach (var title in titles)
        {
            Assert.Contains(title, buttons, $"step {step["step"]}: {step.ToJsonString()}");
        }
    }

    /// <summary>Audit lines in the thread, in this order, each once ("Claimed by Ana Ruiz, 11:42").</summary>
    private static void UiReplies(JsonObject step, params string[] starts)
    {
        var replies = step["replies"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        var found = starts.Select(start => replies.FindIndex(r => Regex.IsMatch(r, $"^{Regex.Escape(start)}, \\d{{1,2}}:\\d{{2}}$"))).ToList();
        Assert.DoesNotContain(-1, found, $"step {step["step"]}: replies {string.Join(" | ", replies)} lack one of {string.Join(", ", starts)}");
        CollectionAssert.AreEqual(found.Order().ToList(), found, $"step {step["step"]}: replies out of order: {string.Join(" | ", replies)}");
    }
}
