using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.Escalation;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.TestHarness.Text;
using TeamsEscalationBot.UnitTests.Architecture;
using Schema = TeamsEscalationBot.BotFramework.Schema;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>
/// Every card builder, fed the hostile corpus (<see cref="HostileText"/>) in every string that comes from outside
/// (intake API, chat, the directory, card inputs): nothing is interpreted and every card stays within the budget. A
/// last test finds the card builders in the host by what their code constructs, so a new one cannot go untested.
/// </summary>
[TestClass]
public sealed class HostileTextTests
{
    /// <summary>The host's types that put text on a card, each with the test here that feeds it the corpus.</summary>
    private static readonly Dictionary<string, string> CardBuilders = new(StringComparer.Ordinal)
    {
        ["TeamsEscalationBot.Features.Complaints.ComplaintCardBuilder"] = nameof(ComplaintCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.Relay.RelayCardBuilder"] = nameof(RelayCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.TeamsIntake.IntakeCards"] = nameof(IntakeCards_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.TeamsIntake.ComplaintListCardBuilder"] = nameof(ListCards_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.TeamsIntake.HelpCards"] = nameof(HelpCards_OwnTextOnly_NothingToInterpret),
        ["TeamsEscalationBot.Features.Complaints.ComplaintOutsiderCard"] = nameof(ComplaintCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Cards.CardBlocks"] = nameof(ComplaintCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Cards.SlaText"] = nameof(OverdueCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.Sla.OverdueCardBuilder"] = nameof(OverdueCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.Digest.DigestCardBuilder"] = nameof(DigestCard_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.Crises.CrisisCardBuilder"] = nameof(CrisisCards_HostileStrings_ShownLiterallyAndWithinBudget),
        ["TeamsEscalationBot.Features.Escalation.EscalationNoticeCardBuilder"] = nameof(EscalationNotice_HostileStrings_ShownLiterallyAndWithinBudget),
    };

    /// <summary>The host's types that write a message's text, format or mentions, each with the test that feeds it the corpus.</summary>
    private static readonly Dictionary<string, string> MessageBuilders = new(StringComparer.Ordinal)
    {
        ["TeamsEscalationBot.Cards.BotMessages"] = nameof(BotMessages_HostileStrings_NothingInterpreted),
    };

    /// <summary>Card parts that carry text a person reads; a type that constructs one builds cards.</summary>
    private static readonly HashSet<Type> TextParts =
    [
        typeof(AdaptiveCard), typeof(TextBlock), typeof(TextRun), typeof(Fact), typeof(Choice), typeof(TextInput), typeof(ChoiceSetInput),
        typeof(ExecuteAction), typeof(OpenUrlAction), typeof(ShowCardAction), typeof(ToggleVisibilityAction),
    ];

    private static readonly Actor Hostile = new("aad-hostile", "placeholder", ActorKind.User);

    public static IEnumerable<object[]> Corpus() => HostileText.Indexes();

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void ComplaintCard_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var someone = Hostile with { DisplayName = hostile };
        var cm = Cm with { DisplayName = hostile };
        ComplaintSight[] sights =
        [
            ComplaintSight.Department, ComplaintSight.Requester, ComplaintSight.FormerDepartment([Billing]),
            ComplaintSight.Outsider, ComplaintSight.Outsider with { DirectoryUnavailable = true },
        ];
        foreach (var (name, complaint, notice) in Complaints(hostile, someone, cm))
        {
            foreach (var (role, sight) in Enum.GetValues<CardViewerRole>().SelectMany(r => sights.Select(s => (r, s))))
            {
                var context = Context(new CardViewer(Luis.Id, hostile, role)) with
                {
                    Sight = sight,
                    Notice = notice,
                    AssignCandidates = [new Person("aad-candidate", hostile)],
                    DisplayNames = new Dictionary<string, string> { [Ana.Id] = hostile },
                    CardDepartmentId = name == "moved" ? Billing : null,
                };

                AssertInert($"{index}/{name}/{role}/{sight.Visibility}", Builder.Build(complaint, context));
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void RelayCard_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var relay = new RelayCardBuilder(Clock);
        var someone = Hostile with { DisplayName = hostile };
        var cm = Cm with { DisplayName = hostile };
        var answered = Answered(hostile, someone);
        var sentBack = Answered(hostile, someone);
        MustSucceed(sentBack.SendBack(cm, Note(hostile), Start.AddMinutes(20)));

        AssertInert($"{index}/pending", relay.Build(answered, "en-US", Now, Departments));
        AssertInert($"{index}/sentback", relay.Build(sentBack, "es-ES", Now, Departments));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void IntakeCards_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var values = new IntakeValues
        {
            Text = hostile,
            Link = hostile,
            AuthorHandle = hostile,
            Network = hostile,
            Priority = hostile,
            DepartmentId = hostile,
            Category = hostile,
            SubmissionId = "form-1",
        };
        CardDepartment[] withCategories = [new(Billing, "Billing") { Categories = ["billing", "refunds"] }, new("triage", "Triage")];

        AssertInert($"{index}/form", IntakeCards.Form("en-US", Departments, values));
        AssertInert($"{index}/errors", IntakeCards.Form("en-US", Departments, values, values.Validate(Departments)));
        AssertInert($"{index}/categories", IntakeCards.Form("es-ES", withCategories, values, values.Validate(withCategories)));
        foreach (var rule in Enum.GetValues<RoutingRule>())
        {
            var complaint = Complaint.Receive("c-9", HostileSubmission(hostile), new RoutingDecision(Billing, rule, ["invoice"], "why"), Api, Start);
            AssertInert($"{index}/confirmation-{rule}", IntakeCards.Confirmation(complaint, "en-US", Departments));
        }
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void ListCards_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var lists = new ComplaintListCardBuilder(Options.Create(new CardOptions { MaxListItems = 20 }), Clock);
        var complaints = Enumerable.Range(1, 20)
            .Select(i => Complaint.Receive($"C01JDX{i:D10}", HostileSubmission(hostile), RoutedTo(Billing), Api, Start))
            .ToList();

        AssertInert($"{index}/my", lists.Build(complaints, "en-US", Departments));
        AssertInert($"{index}/matches", lists.BuildMatches(hostile, complaints, 37, "es-ES", Departments, _ => true));
    }

    [TestMethod]
    [DataRow("en-US")]
    [DataRow("es-ES")]
    public void HelpCards_OwnTextOnly_NothingToInterpret(string locale)
    {
        AssertInert("welcome", HelpCards.Welcome(Texts.For(locale)));
        AssertInert("help", HelpCards.Help(Texts.For(locale)));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void BotMessages_HostileStrings_NothingInterpreted(int index)
    {
        var hostile = HostileText.Corpus[index];
        var texts = Texts.For("en-US");
        var someone = new MessageMention("8c0e2f4a-0000-4000-8000-000000000001", hostile, "8c0e2f4a-0000-4000-8000-000000000001");
        var card = HelpCards.Help(texts);
        Schema.Activity[] messages =
        [
            BotMessages.Format(texts, "Help_Unknown", hostile),
            BotMessages.Format(Texts.For("es"), "Relay_Fallback_Mention", hostile),
            BotMessages.Mentioning(texts, "Relay_Fallback_Mention", someone),
            BotMessages.Line($"Note by {hostile}, 10:42: {hostile}"),
            BotMessages.Line($"Assigned to {hostile} by {hostile}, 10:42", someone),
            BotMessages.Card(card, $"High complaint C01JDX4Z8Q3K7FQ2 from {hostile}"),
            BotMessages.WithCard(BotMessages.Mentioning(texts, "Relay_Fallback_Mention", someone), card, hostile),
            BotMessages.Own(texts["Chat_StatusUsage"]),
            BotMessages.Mentioning(texts, "Escalation_Breach_Claim", [someone, someone with { Id = "aad-2", AadObjectId = "aad-2" }], hostile, hostile),
            BotMessages.Mentioning(Texts.For("es"), "Escalation_Reminder_Claim", [MessageMention.Channel("19:billing@thread.tacv2", hostile)], hostile, hostile),
        ];

        foreach (var message in messages)
        {
            var json = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(message, Schema.ProtocolJsonSerializer.SerializationOptions))!;
            var problems = HostileText.MessageProblems(json);
            Assert.IsEmpty(problems, $"{string.Join(Environment.NewLine, problems)}{Environment.NewLine}{json.ToJsonString()}");
            Assert.IsLessThan(40_000, json.ToJsonString().Length, "Teams takes messages up to 40 KB");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void BotMessagesEscape_HostileString_ReadsBackAsTypedOnOneLine(int index)
    {
        var hostile = HostileText.Corpus[index];

        var escaped = BotMessages.Escape(hostile);

        Assert.AreEqual(CardText.Inert(hostile).Replace('\n', ' '), System.Net.WebUtility.HtmlDecode(escaped));
        Assert.IsFalse(escaped.IndexOfAny(['<', '>', '[', ']', '*', '_', '`', '{', '$', '\n']) >= 0, escaped);
    }

    [TestMethod]
    public void BotMessagesFormat_OwnBoldAndOutsideStars_OnlyTheBotsWordsBold()
    {
        var message = BotMessages.Format(Texts.For("en"), "Help_Unknown", "**hi**");

        Assert.AreEqual(BotMessages.Xml, message.TextFormat);
        Assert.AreEqual("I did not understand \"&#42;&#42;hi&#42;&#42;\". Type <b>help</b> to see what I can do.", message.Text);
    }

    [TestMethod]
    public void BotMessagesMentioning_NameWithAtTags_OneMentionWhoseTagHoldsTheNameEscaped()
    {
        var message = BotMessages.Mentioning(Texts.For("en"), "Relay_Fallback_Mention", new MessageMention("aad-1", "Ana</at><at>Everyone", "aad-1"));

        var mention = Assert.ContainsSingle(message.Entities!);
        Assert.AreEqual("<at>Ana&lt;/at&gt;&lt;at&gt;Everyone</at>", mention.Text);
        StringAssert.StartsWith(message.Text, mention.Text + ", I could not send you");
        Assert.AreEqual("aad-1", mention.Mentioned!.Id);
        Assert.AreEqual("Ana</at><at>Everyone", mention.Mentioned.Name, "the entity's name is data, not markup");
    }

    [TestMethod]
    public void ComplaintCard_MarkdownLinkInCategoryNameAndNotice_ShownAsTypedInTextRuns()
    {
        const string link = "[Verify your account](https://evil.example) **now**";
        var complaint = Received(HostileSubmission(link));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Hostile with { DisplayName = link }, Start));
        var notice = CardNotices.FromRefusal(complaint.Claim(Luis, Now).Refusal!, Texts.For("en"), Departments);

        var card = Json(Builder.Build(complaint, Context(Member) with { Notice = notice }));

        var runs = Typed(card).Where(o => TypeOf(o) == "TextRun").Select(o => o["text"]!.GetValue<string>()).ToList();
        Assert.Contains(link, runs, "the category, the requester and the owner are shown as typed");
        Assert.IsTrue(runs.Any(r => r.Contains(link, StringComparison.Ordinal) && r != link), "the notice names the owner as typed: " + string.Join(" | ", runs));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void OverdueCard_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var policies = new SlaPolicySet { Default = new SlaPolicy { Targets = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4)) } };
        var complaint = Received(HostileSubmission(hostile));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        var clocks = SlaClocks.StartNew(complaint, [], policies);
        var now = Start.AddHours(3);
        var status = SlaClocks.Evaluate(complaint, clocks, now, _ => TimeZoneInfo.Utc);
        var department = new Department { Id = Billing, Name = "Billing", TeamId = "19:team@thread.tacv2", ChannelId = "19:billing@thread.tacv2", EntraGroupId = "g-billing" };
        var cards = new OverdueCardBuilder(Options.Create(new CardOptions()), Clock);

        AssertInert($"{index}/overdue", cards.Build([new OverdueItem(complaint, status, department, null)], [department], "en-US", null, now));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void DigestCard_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        // Every department named with the hostile string (configuration), every complaint's text hostile (intake).
        var (facts, departments) = Digest.DigestFixture.History(count: 200, departmentCount: 20, name: hostile, text: hostile);
        var summary = Digest.DigestFixture.Summary(facts, departments);
        var input = Digest.DigestFixture.Input(summary, "en-US", late: true, fullReport: new Uri("https://bot.example/api/reports/summary"));

        AssertInert($"{index}/digest-en", Digest.DigestFixture.Digests.Build(input));
        AssertInert($"{index}/digest-es", Digest.DigestFixture.Digests.Build(input with { Locale = "es-ES", Cadence = TeamsEscalationBot.Features.Digest.DigestCadence.Weekly }));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void CrisisCards_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var crises = new TeamsEscalationBot.Features.Crises.CrisisCardBuilder(Clock);
        var crisis = Crises.CrisisCardsTests.Crisis(samples: 10, headline: hostile, sample: hostile) with { HandledBy = hostile };
        string[] departments = [hostile, hostile, hostile];

        AssertInert($"{index}/alert", crises.Alert(crisis, departments, "en-US"));
        AssertInert($"{index}/banner", crises.Banner(crisis, departments, "es-ES"));
        AssertInert($"{index}/handled", crises.Alert(crisis with { State = TeamsEscalationBot.Domain.Crises.CrisisState.Handled, HandledAt = Now }, departments, "es-ES"));
    }

    [TestMethod]
    [DynamicData(nameof(Corpus))]
    public void EscalationNotice_HostileStrings_ShownLiterallyAndWithinBudget(int index)
    {
        var hostile = HostileText.Corpus[index];
        var complaint = Received(HostileSubmission(hostile));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        var step = new EscalationStep(SlaTarget.Claim, EscalationLevel.SecondLevel, Start.AddHours(1), ["aad-exec"]);

        AssertInert($"{index}/notice-en", EscalationNoticeCardBuilder.Build(complaint, step, hostile, "2 Mar 2026, 10:00 (Europe/Madrid)", new Uri("https://teams.microsoft.com/l/message/x/1"), Texts.For("en")));
        AssertInert($"{index}/notice-es", EscalationNoticeCardBuilder.Build(complaint, step with { Target = SlaTarget.Answer }, hostile, "2 mar 2026, 10:00", null, Texts.For("es")));
    }

    [TestMethod]
    public void HostAssembly_TypesThatWriteCardsOrMessages_AreExactlyTheOnesFedTheHostileCorpus()
    {
        var host = typeof(Program).Assembly;
        var types = host.GetTypes().Where(t => !IsCardModel(t)).ToList();

        var cardBuilders = Outermost(types.Where(t => Constructs(t, m => m is ConstructorInfo c && TextParts.Contains(c.DeclaringType!))));
        var messageBuilders = Outermost(types.Where(t => Constructs(t, WritesMessage)));

        Assert.AreSequenceEqual(CardBuilders.Keys.Order(StringComparer.Ordinal), cardBuilders,
            "Types that build cards must be fed the hostile corpus here (add the new one to CardBuilders with its test).");
        Assert.AreSequenceEqual(MessageBuilders.Keys.Order(StringComparer.Ordinal), messageBuilders,
            "Only BotMessages may write a message's text, format, summary or mentions.");
        var tests = typeof(HostileTextTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<TestMethodAttribute>() is not null)
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var test in CardBuilders.Values.Concat(MessageBuilders.Values))
        {
            Assert.Contains(test, tests, $"the test {test} named for a builder exists");
        }
    }

    private static IEnumerable<(string Name, Complaint Complaint, CardNotice? Notice)> Complaints(string hostile, Actor someone, Actor cm)
    {
        var open = Received(HostileSubmission(hostile));
        MustSucceed(open.RecordCardPosted(Card(Billing), Start));
        MustSucceed(open.AddNote(someone, Note(hostile), Start.AddMinutes(1)));
        yield return ("open", open, null);

        var claimed = Received(HostileSubmission(hostile));
        MustSucceed(claimed.RecordCardPosted(Card(Billing), Start));
        MustSucceed(claimed.Claim(someone, Start.AddMinutes(1)));
        MustSucceed(claimed.SaveDraft(someone, hostile, Start.AddMinutes(2)));
        var refused = claimed.Claim(Luis, Start.AddMinutes(3)).Refusal!;
        yield return ("claimed", claimed, CardNotices.FromRefusal(refused, Texts.For("en"), Departments));
        yield return ("claimed-owner-only", claimed, new CardNotice(Texts.For("es").Format("Card_Notice_OwnerOnly", hostile), CardNoticeKind.Warning));

        yield return ("answered", Answered(hostile, someone), null);

        var moved = Received(HostileSubmission(hostile));
        MustSucceed(moved.RecordCardPosted(Card(Billing), Start));
        MustSucceed(moved.Reassign(someone, Logistics, Note(hostile), Start.AddMinutes(1)));
        yield return ("moved", moved, null);

        var reopened = Answered(hostile, someone);
        MustSucceed(reopened.Accept(cm, Start.AddMinutes(10)));
        MustSucceed(reopened.Reopen(someone, Note(hostile), Start.AddMinutes(11)));
        yield return ("reopened", reopened, null);
    }

    private static Complaint Answered(string hostile, Actor someone)
    {
        var complaint = Received(HostileSubmission(hostile));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(someone, Start.AddMinutes(1)));
        MustSucceed(complaint.Resolve(someone, hostile, Start.AddMinutes(2)));
        return complaint;
    }

    /// <summary>A submission with the hostile string in every free field (cut to the field's limit): text, author, category, requester.</summary>
    private static ComplaintSubmission HostileSubmission(string hostile) => Submission(category: Cut(hostile, 200), text: hostile) with
    {
        AuthorHandle = Cut(hostile, 200),
        Requester = new Requester("aad-cm", hostile, hostile, "29:cm"),
    };

    /// <summary>Notes, reasons and comments are shorter than a complaint: the hostile string cut to fit.</summary>
    private static string Note(string hostile) => Cut(hostile, 4_000);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static void AssertInert(string name, AdaptiveCard card)
    {
        var problems = HostileText.CardProblems(Json(card));
        Assert.IsEmpty(problems, $"{name}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card), name);
    }

    private static bool IsCardModel(Type type) =>
        TextParts.Contains(type) || Outer(type) == typeof(AdaptiveCard) || Outer(type).IsAssignableTo(typeof(CardElement));

    private static bool WritesMessage(MemberInfo member) => member switch
    {
        MethodInfo { Name: nameof(Schema.MessageFactory.Text) or nameof(Schema.MessageFactory.Attachment) } m => m.DeclaringType == typeof(Schema.MessageFactory),
        MethodInfo { Name: "set_Text" or "set_TextFormat" or "set_Summary" or "set_Entities" } m => m.DeclaringType == typeof(Schema.Activity),
        MethodInfo { Name: nameof(Schema.Entity.Mention) } m => m.DeclaringType == typeof(Schema.Entity),
        MethodInfo { Name: "SendActivityAsync" } m => m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(string),
        ConstructorInfo c => c.DeclaringType == typeof(Schema.Activity),
        _ => false,
    };

    private static bool Constructs(Type type, Func<MemberInfo, bool> matches)
    {
        const BindingFlags all = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        return type.GetMethods(all).Concat<MethodBase>(type.GetConstructors(all))
            .Where(m => m.GetMethodBody() is not null)
            .Any(m => TypeReferences.MembersInIl(m, m.GetMethodBody()!.GetILAsByteArray() ?? []).Any(matches));
    }

    private static List<string> Outermost(IEnumerable<Type> types) =>
        [.. types.Select(t => Outer(t).FullName!).Distinct().Order(StringComparer.Ordinal)];

    private static Type Outer(Type type) => type.DeclaringType is { } declaring ? Outer(declaring) : type;
}
