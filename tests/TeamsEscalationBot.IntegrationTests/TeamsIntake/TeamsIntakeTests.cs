using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TeamsEscalationBot.IntegrationTests.Storage;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.IntegrationTests.Intake;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Text;

namespace TeamsEscalationBot.IntegrationTests.TeamsIntake;

/// <summary>A community manager in the personal chat: new → intake card → submit → confirmation; my; status; help.</summary>
[TestClass]
public sealed class TeamsIntakeTests
{
    private static FakeBotConnector s_connector = null!;
    private static FakeGraph s_graph = null!;
    private static BotApp s_app = null!;
    private const string BenUpn = "ben.carter@contoso.example";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_graph = await FakeGraph.StartAsync();
        s_graph.AddUser(new FakeGraphUser(Activities.Ana.AadObjectId, Activities.Ana.Name));
        s_graph.AddUser(new FakeGraphUser(Activities.Ben.AadObjectId, Activities.Ben.Name, UserPrincipalName: BenUpn));
        s_graph.AddMember(BotApp.BillingGroupId, Activities.Ben.AadObjectId);
        s_app = BotApp.Start(s_connector, new Dictionary<string, string?> { ["Graph:BaseUrl"] = s_graph.BaseUrl });
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_graph.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task New_PersonalChat_IntakeCardWithItsOwnSubmissionId()
    {
        var card = await SendAndReadCardAsync("new");

        Assert.IsNotNull(Input(card, "intakeText"));
        var submit = SubmitAction(card);
        Assert.IsFalse(string.IsNullOrWhiteSpace(submit["data"]!["intakeId"]!.GetValue<string>()));
    }

    [TestMethod]
    public async Task PastedLink_IntakeCardPrefilledWithTheLink()
    {
        var card = await SendAndReadCardAsync("https://x.com/angry/status/123");
        Assert.AreEqual("https://x.com/angry/status/123", Input(card, "intakeLink")!["value"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task PastedText_IntakeCardPrefilledWithTheText()
    {
        const string pasted = "Your courier left my parcel in the rain and it is ruined";
        var card = await SendAndReadCardAsync(pasted);
        Assert.AreEqual(pasted, Input(card, "intakeText")!["value"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Submit_ValidForm_ConfirmationAndComplaintWithRequesterAndCard()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);

        var (status, body) = await SubmitAsync(form, conversation, text: "I was charged twice on my invoice", priority: "high");

        Assert.AreEqual(HttpStatusCode.OK, status);
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        var id = FindComplaintId(body["value"]!);
        using var api = s_app.CreateIntakeClient();
        var complaint = JsonNode.Parse(await api.GetStringAsync($"/api/complaints/{id}"))!;
        Assert.AreEqual("teams", complaint["source"]!.GetValue<string>());
        Assert.AreEqual("billing", complaint["department"]!["id"]!.GetValue<string>());
        Assert.AreEqual("high", complaint["priority"]!.GetValue<string>());
        Assert.AreEqual(Activities.Ana.AadObjectId, complaint["requester"]!["aadObjectId"]!.GetValue<string>());
        await s_connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Body.Contains(id, StringComparison.Ordinal), cancellationToken: TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task New_CategoriesConfigured_CategoryIsAChoiceAndChoosingOneRoutesByIt()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);
        var category = Input(form, "intakeCategory")!;
        Assert.AreEqual("Input.ChoiceSet", category["type"]!.GetValue<string>());
        Assert.AreEqual("Category (optional)", category["label"]!.GetValue<string>());
        Assert.AreSequenceEqual(["-", "billing"], category["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>()));

        var (_, confirmation) = await SubmitAsync(form, conversation, text: "Nobody told me about this charge", category: "billing");

        Assert.IsTrue(Strings(confirmation["value"]).Contains("It goes to Billing because its category, billing, belongs there."), confirmation.ToJsonString());
    }

    [TestMethod]
    public async Task Submit_NoCategoryChosen_ComplaintWithoutCategory()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);

        var (_, confirmation) = await SubmitAsync(form, conversation, text: "Nobody told me about this charge", category: "-");

        using var api = s_app.CreateIntakeClient();
        var complaint = JsonNode.Parse(await api.GetStringAsync($"/api/complaints/{FindComplaintId(confirmation["value"]!)}"))!;
        Assert.IsNull(complaint["category"]?.GetValue<string>(), complaint.ToJsonString());
        Assert.AreEqual("care", complaint["department"]!["id"]!.GetValue<string>(), "no category, no keyword: triage");
    }

    [TestMethod]
    public async Task Submit_SameFormTwice_OneComplaint()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);

        var (_, first) = await SubmitAsync(form, conversation, text: "The refund I was promised never arrived");
        var (_, second) = await SubmitAsync(form, conversation, text: "The refund I was promised never arrived");

        Assert.AreEqual(FindComplaintId(first["value"]!), FindComplaintId(second["value"]!));
    }

    [TestMethod]
    public async Task Submit_WithoutText_FormAgainInOneAnswerOfItsLength()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);
        var data = SubmitAction(form)["data"]!.DeepClone().AsObject();
        data["intakeText"] = string.Empty;
        var value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "intake.submit", ["data"] = data },
            ["trigger"] = "manual",
        };

        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "adaptiveCard/action", value, conversationId: conversation));
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(bytes.Length, response.Content.Headers.ContentLength, "the answer is serialized before it is sent and says its length");
        Assert.IsFalse(response.Headers.TransferEncodingChunked ?? false);
        var body = JsonNode.Parse(bytes)!;
        var strings = Strings(body["value"]!).ToList();
        Assert.Contains("intakeText", strings, body.ToJsonString());
        Assert.Contains("Please fix this:", strings, body.ToJsonString());
        Assert.Contains("• The complaint text is required.", strings, body.ToJsonString());
    }

    [TestMethod]
    public async Task PastedLinkOf26KB_IntakeCardSaysTheLinkIsTooLongInsteadOfFailing()
    {
        var link = "https://x.com/angry/status/" + new string('7', 26_000);

        var card = await SendAndReadCardAsync(link);

        Assert.IsNull(Input(card, "intakeLink")!["value"], "a link cut short would lead somewhere else: it is not prefilled");
        Assert.IsTrue(Strings(card).Any(t => t.Contains("at most 2048 characters", StringComparison.Ordinal)), card.ToJsonString());
        Assert.IsLessThanOrEqualTo(28_000, System.Text.Encoding.UTF8.GetByteCount(card.ToJsonString()));
    }

    [TestMethod]
    public async Task Submit_LinkWithUserInfo_FormAgainWithTheProblemAndNoComplaint()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);

        var (status, body) = await SubmitAsync(form, conversation, text: "They charged me twice", link: "https://x.com@evil.example/a");

        Assert.AreEqual(HttpStatusCode.OK, status);
        var strings = Strings(body["value"]!).ToList();
        Assert.Contains("intakeText", strings, "the form comes back, no confirmation: " + body.ToJsonString());
        Assert.IsTrue(strings.Any(t => t.Contains("user name or password", StringComparison.Ordinal)), string.Join(" | ", strings));
    }

    [TestMethod]
    [DataRow("x</at><at>Everyone")]
    [DataRow("[a](evil.example)")]
    [DataRow("**hi** <b>x</b>")]
    public async Task UnknownCommand_HostileText_EchoedInertWithItsFormatSet(string typed)
    {
        var reply = await SendAsync(typed, NewConversation());

        var problems = HostileText.MessageProblems(reply);
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems) + Environment.NewLine + reply.ToJsonString());
        StringAssert.Contains(reply["text"]!.GetValue<string>(), "did not understand");
    }

    [TestMethod]
    [DataRow("help")]
    [DataRow("new")]
    [DataRow("status")]
    [DataRow("my")]
    public async Task EveryReply_OwnTextOrCard_FormatSetAndNothingToInterpret(string typed)
    {
        var reply = await SendAsync(typed, NewConversation());

        var problems = HostileText.MessageProblems(reply);
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems) + Environment.NewLine + reply.ToJsonString());
    }

    [TestMethod]
    public async Task Submit_NoText_FormAgainWithTheProblem()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation);

        var (status, body) = await SubmitAsync(form, conversation, text: "  ", link: "not a link");

        Assert.AreEqual(HttpStatusCode.OK, status);
        var strings = Strings(body["value"]!).ToList();
        Assert.Contains("intakeText", strings, "the form comes back");
        Assert.Contains("not a link", strings, "with what was typed");
        Assert.IsGreaterThanOrEqualTo(2, strings.Count(t => t.StartsWith("• ", StringComparison.Ordinal)), "each problem is listed");
    }

    [TestMethod]
    public async Task Submit_WithoutSubmissionId_BadRequestBody()
    {
        using var client = s_app.CreateBotClient();
        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "intake.submit", ["data"] = new JsonObject { ["intakeText"] = "x" } } };
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "adaptiveCard/action", value));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(400, body["statusCode"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task My_AfterSubmitting_ListsTheOpenComplaint()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation, Activities.Ben);
        var (_, confirmation) = await SubmitAsync(form, conversation, text: "Delivery was late and nobody answers the phone", from: Activities.Ben);
        var id = FindComplaintId(confirmation["value"]!);

        var list = await SendAndReadCardAsync("my", conversation, Activities.Ben);

        StringAssert.Contains(list.ToJsonString(), id);
    }

    [TestMethod]
    public async Task My_ApiComplaintWithRequesterUpnOnly_ListedForThatCommunityManager()
    {
        using var intake = s_app.CreateIntakeClient();
        var body = IntakeApiTests.Body();
        body["requester"] = new JsonObject { ["upn"] = BenUpn };
        using var created = await intake.PostAsJsonAsync("/api/complaints", body);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var complaint = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.AreEqual(Activities.Ben.AadObjectId, complaint["requester"]?["aadObjectId"]?.GetValue<string>(), complaint.ToJsonString());

        using var again = await intake.PostAsJsonAsync("/api/complaints", body);
        Assert.AreEqual(HttpStatusCode.OK, again.StatusCode, "the same request again is a retry, not a conflict");

        var list = await SendAndReadCardAsync("my", NewConversation(), Activities.Ben);
        StringAssert.Contains(list.ToJsonString(), complaint["id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Status_KnownId_ComplaintCardForADepartmentMember()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation, Activities.Ben);
        var (_, confirmation) = await SubmitAsync(form, conversation, text: "Invoice 123 shows a fee I never agreed to", from: Activities.Ben);
        var id = FindComplaintId(confirmation["value"]!);

        var card = await SendAndReadCardAsync("status " + id.ToLowerInvariant(), conversation, Activities.Ben);

        var verbs = card.ToJsonString();
        StringAssert.Contains(verbs, id);
        StringAssert.Contains(verbs, "complaint.", "Ben is in Billing: the card has actions");
    }

    [TestMethod]
    public async Task Status_StartOfASubmittedId_InAnyCaseWithAnEllipsis_ThatComplaintsCard()
    {
        var conversation = NewConversation();
        var form = await SendAndReadCardAsync("new", conversation, Activities.Ben);
        var (_, confirmation) = await SubmitAsync(form, conversation, text: "My refund for invoice 77 never arrived", from: Activities.Ben);
        var id = FindComplaintId(confirmation["value"]!);

        var card = await SendAndReadCardAsync("status " + id[..12].ToLowerInvariant() + "…", conversation, Activities.Ben);

        Assert.Contains("Complaint " + id, Strings(card).ToList());
        Assert.AreEqual(id, card["refresh"]!["action"]!["data"]!["complaintId"]!.GetValue<string>(), "the complaint card itself");
    }

    [TestMethod]
    public async Task Status_UniquePrefix_ThatComplaintsCard()
    {
        var prefix = await SeedAsync(3);

        var card = await SendAndReadCardAsync($"status {prefix.ToLowerInvariant()}02", NewConversation(), Activities.Ben);

        Assert.Contains($"Complaint {Id(prefix, 2)}", Strings(card).ToList());
        Assert.AreEqual(Id(prefix, 2), card["refresh"]!["action"]!["data"]!["complaintId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Status_PrefixOfTwelveComplaints_ListsTheFirstTenAndSaysHowManyMore()
    {
        var prefix = await SeedAsync(12);

        var card = await SendAndReadCardAsync("estado " + prefix.ToLowerInvariant(), NewConversation(), Activities.Ben);

        var strings = Strings(card).ToList();
        Assert.Contains($"12 complaints start with {prefix}", strings);
        Assert.Contains("…and 2 more.", strings);
        var shown = card["body"]!.AsArray().SelectMany(Executes).Select(a => a["data"]!["complaintId"]!.GetValue<string>()).ToList();
        Assert.AreSequenceEqual(Enumerable.Range(1, 10).Select(i => Id(prefix, i)), shown);
        Assert.Contains($"{Id(prefix, 1)} · Received", strings);
        Assert.IsTrue(strings.Any(t => t.StartsWith("My invoice is wrong", StringComparison.Ordinal)), "each match shows its first words");
    }

    [TestMethod]
    public async Task Status_PrefixOfTwo_SpanishListWithoutMore()
    {
        var prefix = await SeedAsync(2);

        var card = await SendAndReadCardAsync("status " + prefix, NewConversation(), Activities.Ben, locale: "es-ES");

        var strings = Strings(card).ToList();
        Assert.Contains($"2 quejas empiezan por {prefix}", strings);
        Assert.IsFalse(strings.Any(t => t.StartsWith("…y", StringComparison.Ordinal)), string.Join(" | ", strings));
    }

    [TestMethod]
    [DataRow("status c01jd", "Type at least 6 characters of the complaint id")]
    [DataRow("status C0…", "Type at least 6 characters of the complaint id")]
    [DataRow("status czzzzzzz", "There is no complaint CZZZZZZZ.")]
    [DataRow("status c01jdx4z8q3k7fq2x", "followed by a complaint id")]
    public async Task Status_TooShortUnknownOrTooLong_ClearMessage(string text, string expected)
    {
        var reply = await SendAsync(text, NewConversation());
        StringAssert.Contains(reply["text"]!.GetValue<string>(), expected);
    }

    [TestMethod]
    public async Task Help_ShowsThatStatusTakesAnIdWithAnExample()
    {
        var card = await SendAndReadCardAsync("help");

        Assert.IsTrue(Strings(card).Any(t => t.StartsWith("**status <id>**", StringComparison.Ordinal) && t.Contains("**status C01JDX4Z8Q3K7FQ2**", StringComparison.Ordinal)),
            card.ToJsonString());
    }

    [TestMethod]
    [DataRow("status", "followed by a complaint id")]
    [DataRow("status not-an-id", "followed by a complaint id")]
    [DataRow("status C000000000000000", "There is no complaint C000000000000000")]
    [DataRow("hi", "did not understand")]
    public async Task Commands_BadOrUnknown_ClearMessage(string text, string expected)
    {
        var reply = await SendAsync(text, NewConversation());
        StringAssert.Contains(reply["text"]!.GetValue<string>(), expected);
    }

    [TestMethod]
    public async Task New_InATeamChannel_PointsToThePersonalChat()
    {
        using var client = s_app.CreateBotClient();
        var conversation = Activities.ChannelId + ";messageid=" + Guid.NewGuid().ToString("N");
        var activity = Activities.Message(s_connector.ServiceUrl, "<at>Escalations</at> new", conversationId: conversation);
        activity["conversation"]!["conversationType"] = "channel";
        activity["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["text"] = "<at>Escalations</at>", ["mentioned"] = new JsonObject { ["id"] = Activities.BotId } });
        using var response = await client.PostAsync(activity);

        var reply = (await s_connector.WaitForCallsAsync(c => c.ConversationId == conversation, cancellationToken: TestContext.CancellationToken)).Single().Json!;
        StringAssert.Contains(reply["text"]!.GetValue<string>(), "personal chat");
    }

    [TestMethod]
    public async Task New_SpanishLocale_SpanishForm()
    {
        var card = await SendAndReadCardAsync("nueva", NewConversation(), locale: "es-ES");
        Assert.IsTrue(Strings(card).Any(t => t.Contains("queja", StringComparison.OrdinalIgnoreCase)), "Spanish texts");
    }

    /// <summary>
    /// Stores <paramref name="count"/> complaints whose ids share a prefix no other test uses (<c>CZ</c> and 6 random
    /// characters; see <see cref="Id"/>) and returns that prefix.
    /// </summary>
    private static async Task<string> SeedAsync(int count)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var prefix = "CZ" + string.Concat(Enumerable.Range(0, 6).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
        var store = s_app.Services.GetRequiredService<IComplaintStore>();
        for (var i = 1; i <= count; i++)
        {
            var result = await store.CreateAsync(TestComplaints.New(Id(prefix, i)), [], CancellationToken.None);
            Assert.AreEqual(CreateOutcome.Created, result.Outcome);
        }

        return prefix;
    }

    /// <summary>The <paramref name="number"/>th seeded id: the prefix, two digits, then the same six characters for all.</summary>
    private static string Id(string prefix, int number) => $"{prefix}{number:D2}ABCDEF";

    private static IEnumerable<JsonObject> Executes(JsonNode? node) => node switch
    {
        JsonObject obj when obj["type"]?.GetValue<string>() == "Action.Execute" => [obj],
        JsonObject obj => obj.SelectMany(p => Executes(p.Value)),
        JsonArray array => array.SelectMany(Executes),
        _ => [],
    };

    private static string NewConversation() => "a:cm-" + Guid.NewGuid().ToString("N");

    private async Task<JsonNode> SendAsync(string text, string conversation, UserRef? from = null, string locale = "en-US")
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, text, from, conversation, locale));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return (await s_connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsSend, cancellationToken: TestContext.CancellationToken))[^1].Json!;
    }

    private async Task<JsonNode> SendAndReadCardAsync(string text, string? conversation = null, UserRef? from = null, string locale = "en-US")
    {
        conversation ??= NewConversation();
        var before = s_connector.Calls.Count(c => c.ConversationId == conversation && c.IsSend);
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, text, from, conversation, locale));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var sent = await s_connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.IsSend, before + 1, cancellationToken: TestContext.CancellationToken);
        return sent[^1].Json!["attachments"]![0]!["content"]!;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> SubmitAsync(
        JsonNode form, string conversation, string text, string? link = null, string priority = "normal", UserRef? from = null, string? category = null)
    {
        var data = SubmitAction(form)["data"]!.DeepClone().AsObject();
        data["intakeText"] = text;
        if (category is not null)
        {
            data["intakeCategory"] = category;
        }

        data["intakeNetwork"] = "x";
        data["intakePriority"] = priority;
        if (link is not null)
        {
            data["intakeLink"] = link;
        }

        var value = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "intake.submit", ["data"] = data },
            ["trigger"] = "manual",
        };
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "adaptiveCard/action", value, from, conversation));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static JsonNode SubmitAction(JsonNode card) =>
        card["actions"]!.AsArray().Single(a => a!["verb"]?.GetValue<string>() == "intake.submit")!;

    private static JsonNode? Input(JsonNode node, string id) => node switch
    {
        JsonObject obj when obj["id"]?.GetValue<string>() == id => obj,
        JsonObject obj => obj.Select(p => p.Value is null ? null : Input(p.Value, id)).FirstOrDefault(n => n is not null),
        JsonArray array => array.Select(n => n is null ? null : Input(n, id)).FirstOrDefault(n => n is not null),
        _ => null,
    };

    private static string FindComplaintId(JsonNode card)
    {
        var json = card.ToJsonString();
        var index = json.IndexOf("\"complaintId\":\"", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, index, "the confirmation carries the complaint id: " + json);
        return json.Substring(index + 15, 16);
    }

    /// <summary>Every string value in a card (texts, ids, labels), unescaped.</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
