using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.TeamsIntake;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class IntakeCardsTests
{
    [TestMethod]
    public void Form_Empty_HasEveryInputWithItsRulesAndSubmitVerb()
    {
        var card = Json(IntakeCards.Form("en-US", Departments));

        var text = Input(card, CardInputs.IntakeText);
        Assert.IsTrue(text["isRequired"]!.GetValue<bool>());
        Assert.IsTrue(text["isMultiline"]!.GetValue<bool>());
        Assert.AreEqual(10_000, text["maxLength"]!.GetValue<int>());
        Assert.AreEqual("Url", Input(card, CardInputs.IntakeLink)["style"]!.GetValue<string>());
        Assert.AreSequenceEqual(["x", "facebook", "instagram", "tiktok", "linkedin", "email", "other"], ChoiceValues(card, CardInputs.IntakeNetwork));
        Assert.AreSequenceEqual(["low", "normal", "high", "critical"], ChoiceValues(card, CardInputs.IntakePriority));
        Assert.AreEqual("normal", Input(card, CardInputs.IntakePriority)["value"]!.GetValue<string>());
        Assert.AreSequenceEqual(["auto", Billing, Logistics, "triage"], ChoiceValues(card, CardInputs.IntakeDepartment));
        Assert.AreEqual("auto", Input(card, CardInputs.IntakeDepartment)["value"]!.GetValue<string>());
        Assert.IsNotNull(Input(card, CardInputs.IntakeCategory));
        var submit = Assert.ContainsSingle(Executes(card));
        Assert.AreEqual(CardVerbs.IntakeSubmit, submit["verb"]!.GetValue<string>());
        Assert.AreEqual("auto", submit["associatedInputs"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("en-US", "Link to the public post (optional)", "Author's handle or name (optional)", "Category (optional)", "Complaint text")]
    [DataRow("es-ES", "Enlace a la publicación (opcional)", "Usuario o nombre del autor (opcional)", "Categoría (opcional)", "Texto de la queja")]
    public void Form_Labels_MarkTheOptionalFieldsAndOnlyThem(string locale, string link, string author, string category, string text)
    {
        var card = Json(IntakeCards.Form(locale, Departments));

        Assert.AreEqual(link, Input(card, CardInputs.IntakeLink)["label"]!.GetValue<string>());
        Assert.AreEqual(author, Input(card, CardInputs.IntakeAuthor)["label"]!.GetValue<string>());
        Assert.AreEqual(category, Input(card, CardInputs.IntakeCategory)["label"]!.GetValue<string>());
        Assert.AreEqual(text, Input(card, CardInputs.IntakeText)["label"]!.GetValue<string>(), "required: the renderer marks it");
    }

    [TestMethod]
    public void Form_NoCategoriesConfigured_CategoryIsFreeText()
    {
        var card = Json(IntakeCards.Form("en", Departments, new IntakeValues { Category = "Refunds" }));

        var category = Input(card, CardInputs.IntakeCategory);
        Assert.AreEqual("Input.Text", TypeOf(category));
        Assert.AreEqual("Refunds", category["value"]!.GetValue<string>());
    }

    [TestMethod]
    public void Form_CategoriesConfigured_CompactChoiceOfThemOnceEachWithNoCategoryFirst()
    {
        var card = Json(IntakeCards.Form("es", WithCategories));

        var category = Input(card, CardInputs.IntakeCategory);
        Assert.AreEqual("Input.ChoiceSet", TypeOf(category));
        Assert.AreEqual("compact", category["style"]!.GetValue<string>());
        Assert.AreSequenceEqual(["-", "Billing", "facturación", "shipping"], ChoiceValues(card, CardInputs.IntakeCategory));
        Assert.AreEqual("Sin categoría", category["choices"]![0]!["title"]!.GetValue<string>());
        Assert.AreEqual(IntakeChoices.NoCategory, category["value"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("BILLING", "Billing")]
    [DataRow(" shipping ", "shipping")]
    public void Form_CategoriesConfiguredAndOneTyped_ThatOneChosenInItsConfiguredSpelling(string typed, string chosen)
    {
        var card = Json(IntakeCards.Form("en", WithCategories, new IntakeValues { Category = typed }));

        Assert.AreEqual(chosen, Input(card, CardInputs.IntakeCategory)["value"]!.GetValue<string>());
        Assert.AreSequenceEqual(["-", "Billing", "facturación", "shipping"], ChoiceValues(card, CardInputs.IntakeCategory));
    }

    [TestMethod]
    public void Form_CategoriesConfiguredAndAnotherOneTyped_KeptAsOneMoreChoice()
    {
        var card = Json(IntakeCards.Form("en", WithCategories, new IntakeValues { Category = "Refunds" }));

        Assert.AreEqual("Refunds", Input(card, CardInputs.IntakeCategory)["value"]!.GetValue<string>());
        Assert.AreSequenceEqual(["-", "Billing", "facturación", "shipping", "Refunds"], ChoiceValues(card, CardInputs.IntakeCategory));
    }

    [TestMethod]
    [DataRow(null, null)]
    [DataRow("  ", null)]
    [DataRow("-", null)]
    [DataRow(" - ", null)]
    [DataRow(" billing ", "billing")]
    public void ChosenCategory_TypedOrChosen_NullForNone(string? category, string? expected) =>
        Assert.AreEqual(expected, new IntakeValues { Category = category }.ChosenCategory);

    [TestMethod]
    public void Form_PastedTextAndLink_PrefilledAndNetworkGuessedFromTheLink()
    {
        var values = new IntakeValues { Text = "They charged me twice", Link = "https://www.instagram.com/p/abc" };

        var card = Json(IntakeCards.Form("es-ES", Departments, values));

        Assert.AreEqual("They charged me twice", Input(card, CardInputs.IntakeText)["value"]!.GetValue<string>());
        Assert.AreEqual("https://www.instagram.com/p/abc", Input(card, CardInputs.IntakeLink)["value"]!.GetValue<string>());
        Assert.AreEqual("instagram", Input(card, CardInputs.IntakeNetwork)["value"]!.GetValue<string>());
        Assert.AreEqual("Texto de la queja", Input(card, CardInputs.IntakeText)["label"]!.GetValue<string>());
    }

    [TestMethod]
    public void Form_WithProblems_ListsThemInTheViewersLanguageAndKeepsTheValues()
    {
        var values = new IntakeValues { Text = "", Link = "not a link", DepartmentId = "legal", Priority = "urgent", Category = "Refunds" };
        var problems = values.Validate(Departments);

        var card = IntakeCards.Form("es-ES", Departments, values, problems);

        var text = AllText(card);
        Assert.Contains("Corrige esto, por favor:", text);
        Assert.Contains("• El texto de la queja es obligatorio.", text);
        Assert.Contains("• El enlace debe ser una dirección web completa (https://…).", text);
        Assert.Contains("• Elige una prioridad de la lista.", text);
        Assert.Contains("• Ese departamento ya no existe; elige otro o deja que decida yo.", text);
        var json = Json(card);
        Assert.AreEqual("not a link", Input(json, CardInputs.IntakeLink)["value"]!.GetValue<string>());
        Assert.AreEqual("Refunds", Input(json, CardInputs.IntakeCategory)["value"]!.GetValue<string>());
        Assert.AreEqual("auto", Input(json, CardInputs.IntakeDepartment)["value"]!.GetValue<string>());
        Assert.AreEqual("normal", Input(json, CardInputs.IntakePriority)["value"]!.GetValue<string>());
    }

    [TestMethod]
    public void Form_HugeMultiBytePaste_StaysUnder28KB()
    {
        var values = new IntakeValues { Text = new string('中', 20_000) };

        var card = IntakeCards.Form("en", Departments, values, values.Validate(Departments));

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.Contains("The complaint text can have at most 10000 characters.", AllText(card));
    }

    [TestMethod]
    [DataRow("", "", "", "", "TextRequired")]
    [DataRow("text", "ftp://x.com/1", "", "", "LinkInvalid")]
    [DataRow("text", "", "myspace", "", "NetworkUnknown")]
    [DataRow("text", "", "", "LEGAL", "DepartmentUnknown")]
    [DataRow("text", "https://x.com/1", "x", "BILLING", "")]
    [DataRow("text", "", "", "auto", "")]
    public void Validate_Values_Problems(string text, string link, string network, string department, string expected)
    {
        var values = new IntakeValues { Text = text, Link = link, Network = network, DepartmentId = department };

        var problems = values.Validate(Departments).Select(p => p.ToString());

        Assert.AreSequenceEqual(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), problems);
    }

    [TestMethod]
    public void Validate_TextOver10000_TextTooLong() =>
        Assert.AreSequenceEqual([IntakeProblem.TextTooLong], new IntakeValues { Text = new string('a', 10_001) }.Validate(Departments));

    [TestMethod]
    public void FromData_SubmittedInputs_ReadByInputId()
    {
        var data = JsonSerializer.SerializeToElement(new JsonObject
        {
            [CardInputs.IntakeText] = "Late parcel",
            [CardInputs.IntakeLink] = "https://x.com/a/status/1",
            [CardInputs.IntakeAuthor] = "@a",
            [CardInputs.IntakeNetwork] = "x",
            [CardInputs.IntakePriority] = "high",
            [CardInputs.IntakeDepartment] = "auto",
            [CardInputs.IntakeCategory] = "Shipping",
        });

        var values = IntakeValues.FromData(data);

        Assert.AreEqual(new IntakeValues
        {
            Text = "Late parcel", Link = "https://x.com/a/status/1", AuthorHandle = "@a", Network = "x", Priority = "high",
            DepartmentId = "auto", Category = "Shipping",
        }, values);
        Assert.IsTrue(values.DecideForMe);
        Assert.IsTrue(IntakeChoices.TryParsePriority(values.Priority, out var priority));
        Assert.AreEqual(Priority.High, priority);
    }

    [TestMethod]
    [DataRow(RoutingRule.Keyword, "It goes to Billing because the text mentions: invoice.")]
    [DataRow(RoutingRule.Explicit, "It goes to Billing because you chose it.")]
    [DataRow(RoutingRule.Triage, "No department matched, so Billing will triage it.")]
    public void Confirmation_Routed_ShowsIdDepartmentWhyStateAndStatusButton(RoutingRule rule, string why)
    {
        var complaint = Complaint.Receive("c-7", Submission(), RoutedTo(Billing) with { Rule = rule }, Cm, Start);

        var card = IntakeCards.Confirmation(complaint, "en", Departments);

        var text = AllText(card);
        Assert.Contains("Complaint c-7 escalated", text);
        Assert.Contains(why, text);
        Assert.Contains("Received", text);
        var status = Assert.ContainsSingle(Executes(Json(card)));
        Assert.AreEqual(CardVerbs.Status, status["verb"]!.GetValue<string>());
        Assert.AreEqual("c-7", status["data"]!["complaintId"]!.GetValue<string>());
        Assert.AreEqual(2, status["data"]!["version"]!.GetValue<long>());
    }

    [TestMethod]
    public void Confirmation_Spanish_CategoryRule()
    {
        var complaint = Complaint.Receive("c-8", Submission(category: "Facturas"), RoutedTo(Billing) with { Rule = RoutingRule.Category }, Cm, Start);

        var text = AllText(IntakeCards.Confirmation(complaint, "es-MX", Departments));

        Assert.Contains("Queja c-8 escalada", text);
        Assert.Contains("Va a Billing porque su categoría, Facturas, le corresponde.", text);
    }

    [TestMethod]
    [DataRow("https://twitter.com/a/status/1", Network.X)]
    [DataRow("https://m.facebook.com/post/1", Network.Facebook)]
    [DataRow("https://www.linkedin.com/feed/update/1", Network.LinkedIn)]
    [DataRow("https://notx.com/1", null)]
    public void GuessNetwork_Link_NetworkByHost(string link, Network? expected) =>
        Assert.AreEqual(expected, IntakeChoices.GuessNetwork(new Uri(link)));

    private static readonly CardDepartment[] WithCategories =
    [
        new(Billing, "Billing") { Categories = ["Billing", "facturación", "billing "] },
        new(Logistics, "Logistics") { Categories = ["shipping", " ", "FACTURACIÓN"] },
        new("triage", "Triage"),
    ];

    private static IEnumerable<string> ChoiceValues(JsonObject card, string id) =>
        Input(card, id)["choices"]!.AsArray().Select(c => c!["value"]!.GetValue<string>());
}
