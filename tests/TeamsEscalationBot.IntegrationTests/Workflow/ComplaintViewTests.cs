using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.IntegrationTests.Storage;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// Who sees what of a complaint, through every door a person can knock on in Teams: the <c>status</c> command, the
/// <c>complaint.status</c> invoke, the card's refresh, the relay card's refresh, the list of <c>status &lt;prefix&gt;</c>
/// matches and the card answered to a refused click. Real host over HTTP, Graph directory on a fake Graph.
/// </summary>
/// <remarks>
/// The complaint arrived in Billing, where Bea claimed it, wrote an internal note and moved it to Customer Care; there
/// Cleo claimed it, wrote a note and saved a draft. Carla asked for it. Dora is in Care, Bea in Billing (its former
/// department), Olaf in no department; Una is in Care, but the directory cannot answer for her.
/// </remarks>
[TestClass]
public sealed class ComplaintViewTests
{
    private const string StatusCommand = "status command";
    private const string StatusInvoke = "status invoke";
    private const string RefreshInvoke = "refresh invoke";
    private const string RelayRefresh = "relay card refresh";

    private const string Text = "SECRET-TEXT: I was charged twice on my last invoice";
    private const string Author = "@secret_author";
    private const string BillingNote = "NOTE-BILLING only the department sees it";
    private const string MoveReason = "REASON-MOVE the customer is upset with an agent";
    private const string CareNote = "NOTE-CARE internal";
    private const string CareDraft = "DRAFT-CARE we will refund";
    private const string AgreedAnswer = "ANSWER-AGREED the refund is on its way";
    private const string CareThread = Activities.CareChannelId + ";messageid=1700000000777";
    private const string DirectoryDown = "The directory is not available right now";

    private static readonly string[] Details = [Text, Author, BillingNote, MoveReason, CareNote, CareDraft, AgreedAnswer];

    private static WorkflowHost s_host = null!;

    public TestContext TestContext { get; set; } = null!;
    private static UserRef s_cleo = null!;
    private static UserRef s_dora = null!;
    private static UserRef s_bea = null!;
    private static UserRef s_carla = null!;
    private static UserRef s_olaf = null!;
    private static UserRef s_una = null!;
    private static JsonNode s_claimed = null!;
    private static JsonNode s_answered = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_host = await WorkflowHost.StartAsync();
        s_cleo = s_host.NewUser("Cleo Care", BotApp.CareGroupId);
        s_dora = s_host.NewUser("Dora Care", BotApp.CareGroupId);
        s_bea = s_host.NewBillingMember("Bea Billing");
        s_carla = s_host.NewUser("Carla Requester");
        s_olaf = s_host.NewUser("Olaf Outsider");
        s_una = s_host.NewUser("Una Unavailable", BotApp.CareGroupId);
        var una = s_una.AadObjectId;
        s_host.Graph.EnqueueFault(new GraphFault(403, Count: 1_000_000) { Match = r => r.Path.Contains(una, StringComparison.OrdinalIgnoreCase) });
        s_claimed = await MovedToCareAndClaimedAsync(answer: null, context.CancellationToken);
        s_answered = await MovedToCareAndClaimedAsync(AgreedAnswer, context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s_host.DisposeAsync();

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task Outsider_EveryEntryPoint_OnlyIdStateAndDepartment(string entry)
    {
        var card = await ViewAsync(entry, s_olaf, s_claimed);

        AssertOutsiderCard(card, s_claimed);
        Assert.IsFalse(CardJson.Shows(card, DirectoryDown));
    }

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task DirectoryUnavailable_EveryEntryPoint_OutsiderViewAndTryAgain(string entry)
    {
        var card = await ViewAsync(entry, s_una, s_claimed);

        AssertOutsiderCard(card, s_claimed);
        Assert.IsTrue(CardJson.Shows(card, DirectoryDown), "the viewer is told to try again");
    }

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task Requester_EveryEntryPoint_TextStateAndOwnerButNoNotesOrDraft(string entry)
    {
        var card = await ViewAsync(entry, s_carla, s_claimed);

        AssertShows(card, Text);
        AssertHides(card, BillingNote, MoveReason, CareNote, CareDraft);
        if (entry != RelayRefresh)
        {
            AssertShows(card, "Cleo Care", "Claimed");
        }

        Assert.IsEmpty(CardJson.Verbs(card).Where(v => v.StartsWith("complaint.", StringComparison.Ordinal) && v != "complaint.refresh").ToList(), "no department actions");
    }

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task FormerDepartment_EveryEntryPoint_WhatHappenedThereButNothingLater(string entry)
    {
        var card = await ViewAsync(entry, s_bea, s_claimed);

        AssertShows(card, Text, BillingNote, "Customer Care");
        AssertHides(card, CareNote, CareDraft, "Cleo Care");
        Assert.IsEmpty(CardJson.Verbs(card).Where(v => v != "complaint.refresh").ToList(), "nothing to act on");
    }

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task Department_EveryEntryPoint_Everything(string entry)
    {
        var card = await ViewAsync(entry, s_dora, s_claimed);

        AssertShows(card, Text);
        if (entry != RelayRefresh)
        {
            AssertShows(card, BillingNote, MoveReason, CareNote, CareDraft, "Cleo Care");
            CollectionAssert.Contains(CardJson.Verbs(card).ToList(), "complaint.note", "a member may act");
        }
    }

    [TestMethod]
    [DataRow(StatusCommand)]
    [DataRow(StatusInvoke)]
    [DataRow(RefreshInvoke)]
    [DataRow(RelayRefresh)]
    public async Task AgreedAnswer_EveryEntryPoint_RequesterAndDepartmentSeeItNobodyElse(string entry)
    {
        AssertShows(await ViewAsync(entry, s_carla, s_answered), AgreedAnswer);
        AssertShows(await ViewAsync(entry, s_dora, s_answered), AgreedAnswer);
        AssertHides(await ViewAsync(entry, s_bea, s_answered), AgreedAnswer, CareNote);
        AssertOutsiderCard(await ViewAsync(entry, s_olaf, s_answered), s_answered);
        AssertOutsiderCard(await ViewAsync(entry, s_una, s_answered), s_answered);
    }

    [TestMethod]
    public async Task Claim_Outsider_RefusalCardShowsOnlyIdStateAndDepartment()
    {
        var card = (await s_host.InvokeRawAsync(s_olaf, "complaint.claim", Data(s_claimed), conversationId: CareThread)).Card;

        Assert.AreEqual("Only members of Customer Care can act on this complaint.", CardJson.Notice(card));
        AssertOutsiderCard(card, s_claimed);
    }

    [TestMethod]
    public async Task Claim_DirectoryUnavailable_OutsiderViewWithTryAgainAndNoTransition()
    {
        var card = (await s_host.InvokeRawAsync(s_una, "complaint.claim", Data(s_claimed), conversationId: CareThread)).Card;

        StringAssert.StartsWith(CardJson.Notice(card), DirectoryDown);
        AssertOutsiderCard(card, s_claimed);
        Assert.AreEqual(s_claimed["version"]!.GetValue<long>(), (await s_host.GetAsync(Id(s_claimed), TestContext.CancellationToken))["version"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task RelayAccept_Outsider_RefusalCardWithoutTheAnswer()
    {
        var data = Data(s_answered);
        data["version"] = AnswerVersion(s_answered);

        var card = (await s_host.InvokeRawAsync(s_olaf, "relay.accept", data, conversationId: PersonalChat())).Card;

        AssertOutsiderCard(card, s_answered);
        Assert.AreEqual("answered", (await s_host.GetAsync(Id(s_answered), TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("outsider", false)]
    [DataRow("unavailable", false)]
    [DataRow("requester", true)]
    [DataRow("former department", true)]
    [DataRow("department", true)]
    public async Task StatusPrefix_SeveralMatches_FirstWordsOnlyForThoseWhoMaySeeThem(string who, bool showsText)
    {
        var viewer = who switch
        {
            "outsider" => s_olaf,
            "unavailable" => s_una,
            "requester" => s_carla,
            "former department" => s_bea,
            _ => s_dora,
        };
        var prefix = await SeedMovedToCareAsync(2);

        var card = await StatusCommandAsync(viewer, prefix);

        AssertShows(card, $"2 complaints start with {prefix}", Id(prefix, 1), Id(prefix, 2), "Customer Care");
        Assert.AreEqual(showsText, CardJson.Shows(card, "My invoice is wrong"), string.Join(" | ", CardJson.Texts(card)));
        Assert.AreEqual(who == "unavailable", CardJson.Shows(card, DirectoryDown));
    }

    /// <summary>What an outsider may see: the id, the state and the department, and none of the complaint's details.</summary>
    private static void AssertOutsiderCard(JsonNode card, JsonNode complaint)
    {
        var state = complaint["state"]!.GetValue<string>();
        AssertShows(card, Id(complaint), char.ToUpperInvariant(state[0]) + state[1..], "Customer Care");
        AssertHides(card, [.. Details, "Cleo Care", "Bea Billing", "Carla Requester"]);
        Assert.IsEmpty(CardJson.Verbs(card).Where(v => v != "complaint.refresh").ToList(), "nothing to act on: " + string.Join(", ", CardJson.Verbs(card)));
    }

    private static void AssertShows(JsonNode card, params string[] expected)
    {
        foreach (var text in expected)
        {
            Assert.IsTrue(CardJson.Shows(card, text), $"'{text}' should be on the card: {string.Join(" | ", CardJson.Texts(card))}");
        }
    }

    private static void AssertHides(JsonNode card, params string[] hidden)
    {
        var json = card.ToJsonString();
        foreach (var text in hidden)
        {
            Assert.IsFalse(CardJson.Shows(card, text) || json.Contains(text, StringComparison.Ordinal), $"'{text}' must not be on the card: {json}");
        }
    }

    private static async Task<JsonNode> ViewAsync(string entry, UserRef viewer, JsonNode complaint)
    {
        var data = Data(complaint);
        switch (entry)
        {
            case StatusCommand:
                return await StatusCommandAsync(viewer, Id(complaint));
            case StatusInvoke:
                return (await s_host.InvokeRawAsync(viewer, "complaint.status", data, conversationId: PersonalChat())).Card;
            case RefreshInvoke:
                data["departmentId"] = "care";
                return (await s_host.InvokeRawAsync(viewer, "complaint.refresh", data, trigger: "automatic", conversationId: CareThread)).Card;
            default:
                data["version"] = AnswerVersion(complaint) ?? complaint["version"]!.GetValue<long>();
                return (await s_host.InvokeRawAsync(viewer, "relay.accept", data, trigger: "automatic", conversationId: PersonalChat())).Card;
        }
    }

    /// <summary><c>status &lt;argument&gt;</c> typed in the viewer's personal chat; the card the bot answers with.</summary>
    private static async Task<JsonNode> StatusCommandAsync(UserRef viewer, string argument)
    {
        var chat = PersonalChat();
        using var response = await s_host.Bot.PostAsync(Activities.Message(s_host.Connector.ServiceUrl, "status " + argument, viewer, chat));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var sent = (await s_host.Connector.WaitForCallsAsync(c => c.ConversationId == chat && c.IsSend))[^1].Json!;
        return sent["attachments"]?[0]?["content"] ?? throw new AssertFailedException("No card: " + sent.ToJsonString());
    }

    /// <summary>
    /// Through the intake API (routed to Billing, card posted), then as the two departments would work on it: Bea claims,
    /// notes and moves it to Care; its card is posted there; Cleo claims, notes and drafts, and answers when told to.
    /// </summary>
    private static async Task<JsonNode> MovedToCareAndClaimedAsync(string? answer, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["source"] = "views",
            ["externalId"] = Guid.NewGuid().ToString("N"),
            ["network"] = "x",
            ["authorHandle"] = Author,
            ["text"] = Text,
            ["requester"] = new JsonObject { ["aadObjectId"] = s_carla.AadObjectId, ["displayName"] = s_carla.Name },
        };
        using var response = await s_host.Api.PostAsJsonAsync("/api/complaints", body, cancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!.GetValue<string>();
        await s_host.WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", cancellationToken);

        var store = s_host.App.Services.GetRequiredService<IComplaintStore>();
        var complaint = (await store.GetAsync(id, cancellationToken))!;
        var expected = complaint.Version;
        var now = DateTimeOffset.UtcNow;
        var bea = Actor(s_bea);
        var cleo = Actor(s_cleo);
        TestComplaints.MustSucceed(complaint.Claim(bea, now));
        TestComplaints.MustSucceed(complaint.AddNote(bea, BillingNote, now));
        TestComplaints.MustSucceed(complaint.Reassign(bea, "care", MoveReason, now));
        TestComplaints.MustSucceed(complaint.RecordCardPosted(new ChannelCard("care", CareThread, "1700000000777", now), now));
        TestComplaints.MustSucceed(complaint.Claim(cleo, now));
        TestComplaints.MustSucceed(complaint.AddNote(cleo, CareNote, now));
        TestComplaints.MustSucceed(complaint.SaveDraft(cleo, CareDraft, now));
        if (answer is not null)
        {
            TestComplaints.MustSucceed(complaint.Resolve(cleo, answer, now));
        }

        Assert.AreEqual(UpdateOutcome.Updated, (await store.UpdateAsync(complaint, expected, [], cancellationToken)).Outcome);
        return await s_host.GetAsync(id, cancellationToken);
    }

    /// <summary>Complaints whose ids share a prefix no other test uses, each asked for by Carla and moved from Billing to Care.</summary>
    private static async Task<string> SeedMovedToCareAsync(int count)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var prefix = "CV" + string.Concat(Enumerable.Range(0, 6).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
        var store = s_host.App.Services.GetRequiredService<IComplaintStore>();
        for (var i = 1; i <= count; i++)
        {
            var complaint = TestComplaints.Opened(TestComplaints.New(Id(prefix, i), department: "billing", requesterAadObjectId: s_carla.AadObjectId));
            TestComplaints.MustSucceed(complaint.Reassign(Actor(s_bea), "care", MoveReason, TestComplaints.Start.AddMinutes(2)));
            Assert.AreEqual(CreateOutcome.Created, (await store.CreateAsync(complaint, [], CancellationToken.None)).Outcome);
        }

        return prefix;
    }

    private static string Id(string prefix, int number) => $"{prefix}{number:D2}ABCDEF";

    private static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    private static JsonObject Data(JsonNode complaint) =>
        new() { ["complaintId"] = Id(complaint), ["version"] = complaint["version"]!.GetValue<long>() };

    /// <summary>The version of the latest Resolved event (the answer on a relay card), or null when there is none.</summary>
    private static long? AnswerVersion(JsonNode complaint) => complaint["history"]!.AsArray()
        .Select((e, i) => (Kind: e!["kind"]!.GetValue<string>(), Version: (long?)(i + 1)))
        .LastOrDefault(e => e.Kind == "resolved").Version;

    private static Actor Actor(UserRef user) => new(user.AadObjectId, user.Name, ActorKind.User);

    private static string PersonalChat() => "a:views-" + Guid.NewGuid().ToString("N");
}
