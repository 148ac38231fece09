using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.TestHarness.Playground;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class ComplaintCardBuilderTests
{
    public static IEnumerable<object[]> StatesAndRoles() =>
        from state in Enum.GetValues<ComplaintState>()
        from role in Enum.GetValues<CardViewerRole>()
        select new object[] { state, role.ToString() };

    [TestMethod]
    [DynamicData(nameof(StatesAndRoles))]
    public void Build_EveryExecute_CarriesComplaintIdAndVersionItWasBuiltFrom(ComplaintState state, string roleName)
    {
        var complaint = InState(state);
        var role = Enum.Parse<CardViewerRole>(roleName);

        var card = Json(Build(complaint, role));

        var executes = Typed(card).Where(o => TypeOf(o) == "Action.Execute").ToList();
        Assert.IsNotEmpty(executes, "the refresh action at least");
        foreach (var action in executes)
        {
            Assert.AreEqual(complaint.Id, action["data"]?["complaintId"]?.GetValue<string>(), action.ToJsonString());
            Assert.AreEqual(complaint.Version, action["data"]?["version"]?.GetValue<long>(), action.ToJsonString());
            Assert.IsFalse(string.IsNullOrWhiteSpace(action["verb"]?.GetValue<string>()));
        }
    }

    [TestMethod]
    public void Build_ActionsWithInputs_SendTheirFormsInputsAndPlainButtonsSendNone()
    {
        var card = Json(Build(InState(ComplaintState.Claimed), CardViewerRole.Owner));

        foreach (var action in Executes(card))
        {
            var verb = action["verb"]!.GetValue<string>();
            var expected = verb == CardVerbs.Unclaim ? "none" : "auto";
            Assert.AreEqual(expected, action["associatedInputs"]?.GetValue<string>(), verb);
        }
    }

    [TestMethod]
    public void Build_RefreshUserIds_ListsAtMost60DistinctIds()
    {
        var ids = Enumerable.Range(0, 75).Select(i => $"29:user-{i}").ToList();
        ids.Insert(3, "29:user-0");
        ids.Insert(5, " ");

        var card = Builder.Build(InState(ComplaintState.Open), Context(CardViewer.Channel) with { RefreshUserIds = ids });

        Assert.IsNotNull(card.Refresh?.UserIds);
        Assert.AreSequenceEqual(Enumerable.Range(0, 60).Select(i => $"29:user-{i}"), card.Refresh.UserIds);
        Assert.AreEqual(CardVerbs.Refresh, card.Refresh.Action.Verb);
    }

    [TestMethod]
    public void Build_NoRefreshUserIds_LeavesUserIdsOutSoTeamsRefreshesSmallConversations()
    {
        var card = Json(Build(InState(ComplaintState.Open), CardViewerRole.Channel));

        var refresh = card["refresh"]!.AsObject();
        Assert.IsFalse(refresh.ContainsKey("userIds"));
        Assert.AreEqual(CardVerbs.Refresh, refresh["action"]!["verb"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_RefreshData_NamesTheDepartmentWhoseChannelShowsTheCard()
    {
        var card = Builder.Build(ReassignedToLogistics(), Context(Member) with { CardDepartmentId = Billing });

        Assert.AreEqual(Billing, card.Refresh!.Action.Data!.Value.GetProperty(CardDataKeys.DepartmentId).GetString());
    }

    [TestMethod]
    [DataRow("en-US", "Shortened to fit in the card. Open the post to read the rest.")]
    [DataRow("es-ES", "Acortado para que quepa en la tarjeta. Abre la publicación para leer el resto.")]
    public void Build_LongComplaintLongDraftAnd20Events_StaysUnder28KB(string locale, string shortened)
    {
        var complaint = Received(Submission(text: Words(10_000)));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Ana, Start));
        while (complaint.History.Count < 19)
        {
            MustSucceed(complaint.AddNote(Luis, Words(ComplaintLimits.MaxNoteLength), Start.AddMinutes(complaint.History.Count)));
        }

        var draft = Words(ComplaintLimits.MaxTextLength);
        MustSucceed(complaint.SaveDraft(Ana, draft, Start.AddMinutes(30)));
        var refreshIds = Enumerable.Range(0, 60).Select(i => $"29:1uMVvhoAyfTqdMsyvHL0qlJTTfQF9MOUSI8_cQts2kdSWEZVDyJO2jz-CsNOhQcdYq1Bw4cHT0__O6XD{i:D3}").ToList();
        var context = Context(OwnerAna, locale) with { RefreshUserIds = refreshIds };

        var card = Builder.Build(complaint, context);

        Assert.AreEqual(20, complaint.History.Count);
        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.HasCount(60, card.Refresh!.UserIds!);
        var json = Json(card);
        Assert.AreEqual(draft, Input(json, CardInputs.AnswerText)["value"]!.GetValue<string>(), "the draft must stay editable in full");
        Assert.Contains(shortened, AllText(card));
    }

    [TestMethod]
    public void Build_WorstCaseMultiByteTextAndDraft_StaysUnder28KBAndSaysTheDraftIsNotShown()
    {
        var complaint = Received(Submission(text: new string('中', ComplaintLimits.MaxComplaintTextLength)));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Ana, Start));
        MustSucceed(complaint.SaveDraft(Ana, string.Concat(Enumerable.Repeat("😀", ComplaintLimits.MaxTextLength / 2)), Start));

        var card = Builder.Build(complaint, Context(OwnerAna) with { RefreshUserIds = [.. Enumerable.Range(0, 60).Select(i => $"29:{new string('u', 86)}{i}")] });

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        var json = Json(card);
        Assert.IsNull(Input(json, CardInputs.AnswerText)["value"]);
        Assert.Contains("The saved draft is too long to show here. Resolve with an empty box to use it, or write a new answer.", AllText(card));
    }

    [TestMethod]
    [DataRow("en")]
    [DataRow("es")]
    public void Build_EveryFieldAtItsLimitInCharactersJsonEscapes_StaysUnder28KB(string locale)
    {
        // Characters outside the Basic Multilingual Plane are written as \uXXXX\uXXXX: six bytes per UTF-16 unit.
        static string Emoji(int length) => string.Concat(Enumerable.Repeat("😀", length / 2));
        var submission = Submission(category: Emoji(ComplaintLimits.MaxShortFieldLength), text: Emoji(ComplaintLimits.MaxComplaintTextLength)) with
        {
            AuthorHandle = Emoji(ComplaintLimits.MaxShortFieldLength),
        };
        var complaint = Received(submission);
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        var owner = new Actor("aad-long", Emoji(200), ActorKind.User);
        MustSucceed(complaint.Claim(owner, Start));
        while (complaint.History.Count < 19)
        {
            MustSucceed(complaint.AddNote(owner, Emoji(ComplaintLimits.MaxNoteLength), Start));
        }

        MustSucceed(complaint.SaveDraft(owner, Emoji(ComplaintLimits.MaxTextLength), Start));
        var context = Context(new CardViewer(owner.Id, owner.DisplayName, CardViewerRole.Owner), locale) with
        {
            RefreshUserIds = [.. Enumerable.Range(0, 60).Select(i => $"29:{new string('u', 100)}{i}")],
            AssignCandidates = [.. Enumerable.Range(0, 20).Select(i => new Person($"aad-{i}", Emoji(200)))],
            Notice = new CardNotice(Emoji(400), CardNoticeKind.Warning),
            Departments = [.. Enumerable.Range(0, 15).Select(i => new CardDepartment($"department-{i}", $"Department number {i} with a long name"))],
        };

        var card = Builder.Build(complaint, context);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
    }

    [TestMethod]
    public void Build_LongText_ShowsTheStartAndTheFullTextOneClickAway()
    {
        var text = Words(2_000);
        var complaint = Received(Submission(text: text));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var runs = Typed(json["body"]).Where(o => TypeOf(o) == "TextRun" && o["text"]!.GetValue<string>().StartsWith(text[..50], StringComparison.Ordinal))
            .Select(o => o["text"]!.GetValue<string>());
        Assert.AreSequenceEqual(
            ["The refund never arrived and nobody answers my messages. The refund never…", text[..CardBudget.PreviewChars] + "…", text],
            runs,
            "headline (whole words), body (the start and an ellipsis), full text");
        var showFull = Typed(json["body"]).Single(o => TypeOf(o) == "Action.ShowCard");
        Assert.AreEqual("Show full text", showFull["title"]!.GetValue<string>());
        Assert.AreEqual(text, showFull["card"]!["body"]![0]!["inlines"]![0]!["text"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_ShortText_HasNoShowFullText()
    {
        var json = Json(Build(InState(ComplaintState.Open), CardViewerRole.Channel));

        Assert.IsFalse(Typed(json["body"]).Any(o => TypeOf(o) == "Action.ShowCard"));
        Assert.IsTrue(Typed(json["body"]).Any(o => TypeOf(o) == "Action.OpenUrl" && o["url"]!.GetValue<string>() == "https://x.com/angry_customer/status/42"));
    }

    [TestMethod]
    [DataRow(Priority.Critical, "Priority: Critical", "Attention", "Bolder", null)]
    [DataRow(Priority.High, "Priority: High", "Attention", "Bolder", null)]
    [DataRow(Priority.Normal, "Priority: Normal", null, "Default", null)]
    [DataRow(Priority.Low, "Priority: Low", null, "Default", true)]
    public void Build_Priority_WordInAColourReadableOnLightAndDarkThemes(Priority priority, string word, string? color, string weight, bool? subtle)
    {
        var complaint = Received(Submission() with { Priority = priority });

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var block = Typed(json).Single(o => TypeOf(o) == "TextBlock" && o["text"]!.GetValue<string>() == word);
        Assert.AreEqual(color, block["color"]?.GetValue<string>(), "Warning (yellow) is unreadable on white, Accent and Good vary by theme");
        Assert.AreEqual(weight, block["weight"]!.GetValue<string>());
        Assert.AreEqual(subtle, block["isSubtle"]?.GetValue<bool>());
    }

    [TestMethod]
    public void Build_LongText_HeadlineIsTheFirstWordsThenNetworkAuthorAndTheIdInSmallPrint()
    {
        var complaint = Received(Submission(text: "I was charged twice for my March invoice and nobody answers my emails or the phone, so I am done with you"));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var body = json["body"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var headline = body[0]["columns"]![0]!["items"]![0]!["inlines"]![0]!;
        Assert.AreEqual("I was charged twice for my March invoice and nobody answers my emails or the…", headline["text"]!.GetValue<string>());
        Assert.AreEqual("Medium", headline["size"]!.GetValue<string>());
        Assert.AreEqual("Bolder", headline["weight"]!.GetValue<string>());
        Assert.AreEqual("X · @angry_customer", body[1]["inlines"]![0]!["text"]!.GetValue<string>());
        Assert.AreEqual("Complaint c-1", body[2]["text"]!.GetValue<string>());
        Assert.AreEqual("Small", body[2]["size"]!.GetValue<string>());
        Assert.IsTrue(body[2]["isSubtle"]!.GetValue<bool>());
        Assert.AreEqual(complaint.Text, body[3]["inlines"]![0]!["text"]!.GetValue<string>(), "the whole text follows");
        Assert.IsFalse(Typed(json).Any(o => o["size"]?.GetValue<string>() is "Medium" or "Large" && o["text"]?.GetValue<string>().Contains("c-1", StringComparison.Ordinal) == true));
    }

    [TestMethod]
    public void Build_ShortText_TheHeadlineHoldsAllOfItAndTheBodyDoesNotRepeatIt()
    {
        var complaint = Received(Submission(text: "  My invoice is wrong "));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var runs = Typed(json).Where(o => TypeOf(o) == "TextRun" && o["text"]!.GetValue<string>().Contains("invoice", StringComparison.Ordinal)).ToList();
        var headline = Assert.ContainsSingle(runs);
        Assert.AreEqual("My invoice is wrong", headline["text"]!.GetValue<string>());
        Assert.AreEqual("Medium", headline["size"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_TextWithLineBreaks_HeadlineOnOneLineAndTheBodyAsWritten()
    {
        var complaint = Received(Submission(text: "Charged twice.\nInvoice 42."));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var runs = Typed(json).Where(o => TypeOf(o) == "TextRun" && o["text"]!.GetValue<string>().StartsWith("Charged", StringComparison.Ordinal))
            .Select(o => o["text"]!.GetValue<string>());
        Assert.AreSequenceEqual(["Charged twice. Invoice 42.", "Charged twice.\nInvoice 42."], runs);
    }

    [TestMethod]
    public void Build_SpanishLocale_UsesSpanishStrings()
    {
        var card = Build(WithDraft(), CardViewerRole.Owner, "es-ES");

        var text = AllText(card);
        foreach (var spanish in (string[])["Queja c-1", "Prioridad: Alta", "Asumida", "Responsable", "Editar respuesta", "Guardar borrador",
            "Resolver con esta respuesta", "Asignar", "Añadir nota", "Reasignar", "Liberar", "Actividad reciente", "Asumida por Ana Ruiz, 09:02"])
        {
            Assert.Contains(spanish, text);
        }

        foreach (var english in (string[])["Complaint", "Priority", "Owner", "Save draft", "Unclaim", "Recent activity", "ago", "Claimed by"])
        {
            Assert.DoesNotContain(english, text);
        }
    }

    [TestMethod]
    public void Build_Facts_ShowDepartmentStateOwnerAgeCategoryAndRequester()
    {
        var complaint = Received(Submission(category: "Invoices"));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Ana, Start));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var facts = Facts(json);
        Assert.AreEqual("Billing", facts["Department"]);
        Assert.AreEqual("Claimed", facts["State"]);
        Assert.AreEqual("Ana Ruiz", facts["Owner"]);
        Assert.AreEqual("2 Mar 2026, 09:00", facts["Received"]);
        Assert.AreEqual("Invoices", facts["Category"]);
        Assert.AreEqual("Carla Méndez", facts["Requested by"]);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    [DataRow(30)]
    public void Build_SentCard_ReceivedIsADateAndTimeThatStaysTrueNeverAnAge(int hoursLater)
    {
        var complaint = Received(Submission());

        var card = Builder.Build(complaint, Context(CardViewer.Channel) with { Now = Start.AddHours(hoursLater) });

        Assert.AreEqual("2 Mar 2026, 09:00", Facts(Json(card))["Received"]);
        var text = AllText(card);
        Assert.DoesNotContain("just now", text);
        Assert.DoesNotContain("ago", text);
    }

    [TestMethod]
    [DataRow("en-US", "Received", "2 Mar 2026, 09:00 · 3 hours ago")]
    [DataRow("es-ES", "Recibida", "2 mar 2026, 09:00 · hace 3 horas")]
    public void Build_RenderedOnView_ReceivedAlsoSaysHowLongAgo(string locale, string title, string expected)
    {
        var card = Builder.Build(Received(Submission()), Context(Member, locale) with { RenderedOnView = true });

        Assert.AreEqual(expected, Facts(Json(card))[title].Replace(".", string.Empty, StringComparison.Ordinal));
    }

    [TestMethod]
    public void Build_DisplayNamesFromTheDirectory_ReplaceRecordedNames()
    {
        var context = Context(CardViewer.Channel) with { DisplayNames = new Dictionary<string, string> { [Ana.Id] = "Ana Ruiz Soler" } };

        var text = AllText(Builder.Build(InState(ComplaintState.Claimed), context));

        Assert.Contains("Ana Ruiz Soler", text);
    }

    [TestMethod]
    public void Build_AnsweredComplaint_ShowsAgreedAnswerAndWhoGaveIt()
    {
        var text = AllText(Build(InState(ComplaintState.Answered), CardViewerRole.Channel));

        Assert.Contains("Agreed answer", text);
        Assert.Contains("We are refunding you today.", text);
        Assert.Contains("By Ana Ruiz, 09:03", text);
    }

    [TestMethod]
    public void Build_History_ShowsTheLastFiveEventsNewestFirst()
    {
        var complaint = InState(ComplaintState.Claimed);
        for (var i = 1; i <= 6; i++)
        {
            MustSucceed(complaint.AddNote(Luis, $"note {i}", Start.AddMinutes(10 + i)));
        }

        var json = Json(Build(complaint, CardViewerRole.Channel));

        var body = json["body"]!.AsArray().Select(e => e!.AsObject()).ToList();
        var heading = body.FindIndex(e => e["text"]?.GetValue<string>() == "Recent activity");
        var lines = body.Skip(heading + 1).Take(5).Select(e => e["inlines"]![0]!["text"]!.GetValue<string>()).ToList();
        Assert.AreSequenceEqual(
            ["Note by Luis Gómez, 09:16: note 6", "Note by Luis Gómez, 09:15: note 5", "Note by Luis Gómez, 09:14: note 4",
                "Note by Luis Gómez, 09:13: note 3", "Note by Luis Gómez, 09:12: note 2"],
            lines);
        Assert.Contains("4 earlier events are not shown.", AllText(Build(complaint, CardViewerRole.Channel)));
    }

    [TestMethod]
    [DataRow(2, "en-US", null)]
    [DataRow(3, "en-US", "1 earlier event is not shown.")]
    [DataRow(4, "en-US", "2 earlier events are not shown.")]
    [DataRow(2, "es-ES", null)]
    [DataRow(3, "es-ES", "No se muestra 1 evento anterior.")]
    [DataRow(4, "es-ES", "No se muestran 2 eventos anteriores.")]
    public void Build_HistoryBeyondFiveLines_SaysHowManyEarlierEventsInTheRightPlural(int notes, string locale, string? expected)
    {
        var complaint = InState(ComplaintState.Claimed); // three lines: received, routed, claimed
        for (var i = 1; i <= notes; i++)
        {
            MustSucceed(complaint.AddNote(Luis, $"note {i}", Start.AddMinutes(10 + i)));
        }

        var lines = AllText(Build(complaint, CardViewerRole.Channel, locale)).Split('\n');

        var earlier = lines.Where(l => l.Contains("earlier", StringComparison.Ordinal) || l.Contains("anterior", StringComparison.Ordinal)).ToList();
        Assert.AreSequenceEqual(expected is null ? [] : [expected], earlier);
    }

    [TestMethod]
    public void Build_UserText_IsATextRunSoTeamsDoesNotReadItAsMarkdown()
    {
        var complaint = Received(Submission(text: "**Refund** me [now](https://evil.example)"));

        var json = Json(Build(complaint, CardViewerRole.Channel));

        Assert.IsTrue(Typed(json).Any(o => TypeOf(o) == "TextRun" && o["text"]!.GetValue<string>() == complaint.Text));
        Assert.IsFalse(Typed(json).Any(o => TypeOf(o) == "TextBlock" && o["text"]!.GetValue<string>().Contains("**Refund**", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Build_Notice_IsTheFirstThingOnTheCard()
    {
        var notice = CardNotices.FromRefusal(
            MustRefuse(InState(ComplaintState.Claimed).Claim(Luis, Now)), Texts.For("es"), Departments);

        var card = Builder.Build(InState(ComplaintState.Claimed), Context(Member, "es") with { Notice = notice });

        var first = Json(card)["body"]![0]!;
        Assert.AreEqual("Warning", first["style"]!.GetValue<string>());
        Assert.AreEqual("Ya la ha asumido Ana Ruiz.", first["items"]![0]!["inlines"]![0]!["text"]!.GetValue<string>(), "a text run: the owner's name is shown as typed");
    }

    [TestMethod]
    public void Build_AssignPicker_OffersMeFirstCandidatesAndPeopleWhoWorkedOnItButNotTheOwner()
    {
        var context = Context(Member) with { AssignCandidates = [new Person("aad-pia", "Pía Soto"), new Person(Ana.Id, Ana.DisplayName)] };

        var json = Json(Builder.Build(InState(ComplaintState.Claimed), context));

        var picker = Input(json, CardInputs.Assignee);
        var choices = picker["choices"]!.AsArray().Select(c => (c!["title"]!.GetValue<string>(), c["value"]!.GetValue<string>())).ToList();
        Assert.AreSequenceEqual([("Luis Gómez (me)", Luis.Id), ("Pía Soto", "aad-pia")], choices);
        Assert.AreEqual("filtered", picker["style"]!.GetValue<string>());
        Assert.AreEqual("Data.Query", picker["choices.data"]!["type"]!.GetValue<string>());
        Assert.AreEqual("graph.microsoft.com/users", picker["choices.data"]!["dataset"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_ReassignForm_OffersOnlyOtherDepartmentsAndRequiresAReason()
    {
        var json = Json(Build(InState(ComplaintState.Open), CardViewerRole.DepartmentMember));

        var departments = Input(json, CardInputs.ReassignDepartment)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>());
        Assert.AreSequenceEqual([Logistics, "triage"], departments);
        Assert.IsTrue(Input(json, CardInputs.ReassignReason)["isRequired"]!.GetValue<bool>());
    }

    [TestMethod]
    public void Build_ClaimedWithDraft_PrefillsTheAnswerBoxAndShowsTheDraft()
    {
        var card = Build(WithDraft(), CardViewerRole.Owner);

        var json = Json(card);
        Assert.AreEqual("We are checking your invoice.", Input(json, CardInputs.AnswerText)["value"]!.GetValue<string>());
        Assert.Contains("Draft answer", AllText(card));
        Assert.Contains("Edit answer", AllText(card));
    }

    [TestMethod]
    public void Build_InputIds_AreUniqueOnTheCard()
    {
        var json = Json(Build(WithDraft(), CardViewerRole.Owner));

        var ids = Typed(json).Where(o => TypeOf(o).StartsWith("Input.", StringComparison.Ordinal)).Select(o => o["id"]!.GetValue<string>()).ToList();
        Assert.HasCount(ids.Distinct().Count(), ids);
        Assert.IsNotEmpty(ids);
    }

    [TestMethod]
    public void CardData_TryReadComplaint_ReadsWhatTheCardSends()
    {
        var complaint = InState(ComplaintState.Claimed);
        var data = Builder.Build(complaint, Context(OwnerAna)).Refresh!.Action.Data;

        Assert.IsTrue(CardData.TryReadComplaint(data, out var id, out var version));
        Assert.AreEqual((complaint.Id, complaint.Version), (id, version));
        Assert.IsFalse(CardData.TryReadComplaint(JsonSerializer.Deserialize<JsonElement>("""{"complaintId":"c-1"}"""), out _, out _));
    }

    private static IReadOnlyDictionary<string, string> Facts(JsonObject card) => CardView.Facts(card);

    private static string Words(int length)
    {
        var text = string.Concat(Enumerable.Repeat("The refund never arrived and nobody answers my messages. ", (length / 57) + 1));
        return text[..(length - 1)].TrimEnd() + "x";
    }
}
