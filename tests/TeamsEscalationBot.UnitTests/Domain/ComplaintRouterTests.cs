using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.UnitTests.Domain;

[TestClass]
public sealed class ComplaintRouterTests
{
    private static Department Dept(string id, string[]? keywords = null, string[]? categories = null) => new()
    {
        Id = id,
        Name = char.ToUpperInvariant(id[0]) + id[1..],
        TeamId = $"team-{id}",
        ChannelId = $"19:{id}@thread.tacv2",
        EntraGroupId = $"group-{id}",
        Keywords = keywords ?? [],
        Categories = categories ?? [],
    };

    private static ComplaintRouter Router() => new(
        [
            Dept("billing", ["facturación", "invoice", "refund", "reembolso", "bill", "cobro indebido"], ["Facturación", "Billing"]),
            Dept("logistics", ["late delivery", "envío", "parcel", "paquete", "refund"], ["Shipping"]),
            Dept("tech", ["app", "login", "contraseña", "password"], ["Technical"]),
            Dept("triage"),
        ],
        "triage");

    private static ComplaintSubmission Submit(string text, string? category = null, string? departmentId = null) => new()
    {
        Source = "tool",
        ExternalId = "e-1",
        Network = Network.X,
        AuthorHandle = "@a",
        Text = text,
        Category = category,
        DepartmentId = departmentId,
    };

    [TestMethod]
    public void Route_ExplicitDepartment_WinsOverCategoryAndKeywords()
    {
        var decision = Router().Route(Submit("my invoice and my password", category: "Technical", departmentId: "logistics"));

        Assert.AreEqual("logistics", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Explicit, decision.Rule);
        Assert.IsEmpty(decision.MatchedKeywords);
        Assert.Contains("Logistics", decision.Explanation);
    }

    [TestMethod]
    public void Route_ExplicitDepartmentOtherCase_ConfiguredId()
    {
        Assert.AreEqual("tech", Router().Route(Submit("hello", departmentId: "TECH"))!.DepartmentId);
    }

    [TestMethod]
    public void Route_UnknownExplicitDepartment_Null()
    {
        Assert.IsNull(Router().Route(Submit("my invoice", departmentId: "marketing")));
    }

    [TestMethod]
    [DataRow("Facturación")]
    [DataRow("FACTURACION")]
    [DataRow("facturacion ")]
    [DataRow("billing")]
    public void Route_CategoryIgnoringCaseAndAccents_CategoryRule(string category)
    {
        var decision = Router().Route(Submit("my password does not work", category: category));

        Assert.AreEqual("billing", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Category, decision.Rule);
        Assert.Contains(category, decision.Explanation);
    }

    [TestMethod]
    public void Route_UnknownCategory_FallsBackToKeywords()
    {
        var decision = Router().Route(Submit("I cannot login to the app", category: "Complaints"));

        Assert.AreEqual("tech", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Keyword, decision.Rule);
    }

    [TestMethod]
    [DataRow("No me llegó la FACTURACION de marzo")]
    [DataRow("Problema con la Facturacion, otra vez")]
    [DataRow("facturación!!!")]
    public void Route_SpanishKeywordAnyCaseOrAccent_Matches(string text)
    {
        var decision = Router().Route(Submit(text));

        Assert.AreEqual("billing", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Keyword, decision.Rule);
        Assert.AreSequenceEqual(new[] { "facturación" }, decision.MatchedKeywords);
    }

    [TestMethod]
    public void Route_EnglishKeyword_MatchesAndExplains()
    {
        var decision = Router().Route(Submit("Where is my PARCEL?"));

        Assert.AreEqual("logistics", decision!.DepartmentId);
        Assert.AreSequenceEqual(new[] { "parcel" }, decision.MatchedKeywords);
        Assert.Contains("parcel", decision.Explanation);
    }

    [TestMethod]
    [DataRow("The billing page is slow")]
    [DataRow("Apps keep crashing")]
    [DataRow("My passwords manager")]
    public void Route_KeywordOnlyInsideLongerWord_Triage(string text)
    {
        var decision = Router().Route(Submit(text));

        Assert.AreEqual("triage", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Triage, decision.Rule);
    }

    [TestMethod]
    [DataRow("A late delivery again")]
    [DataRow("LATE-DELIVERY!")]
    [DataRow("late\n   delivery")]
    public void Route_MultiWordKeywordAsWordSequence_Matches(string text)
    {
        var decision = Router().Route(Submit(text));

        Assert.AreEqual("logistics", decision!.DepartmentId);
        Assert.AreSequenceEqual(new[] { "late delivery" }, decision.MatchedKeywords);
    }

    [TestMethod]
    [DataRow("The delivery was late")]
    [DataRow("late for the delivery")]
    [DataRow("a late deliveryman")]
    public void Route_MultiWordKeywordWordsApartReversedOrLonger_NoMatch(string text)
    {
        Assert.AreEqual(RoutingRule.Triage, Router().Route(Submit(text))!.Rule);
    }

    [TestMethod]
    public void Route_SpanishMultiWordKeywordWithAccents_Matches()
    {
        var decision = Router().Route(Submit("Me hicieron un COBRO INDEBIDO"));

        Assert.AreEqual("billing", decision!.DepartmentId);
        Assert.AreSequenceEqual(new[] { "cobro indebido" }, decision.MatchedKeywords);
    }

    [TestMethod]
    public void Route_MostDistinctKeywords_Wins()
    {
        // logistics: paquete, envío (2) beats billing: reembolso (1).
        var decision = Router().Route(Submit("Quiero un reembolso: el paquete y el envio no llegaron"));

        Assert.AreEqual("logistics", decision!.DepartmentId);
        Assert.AreSequenceEqual(new[] { "envío", "paquete" }, decision.MatchedKeywords);
    }

    [TestMethod]
    public void Route_RepeatedKeyword_CountsOnce()
    {
        // tech: app, app, app (1 distinct) loses to billing: invoice, bill (2 distinct).
        var decision = Router().Route(Submit("app app app: the invoice and the bill"));

        Assert.AreEqual("billing", decision!.DepartmentId);
        Assert.HasCount(2, decision.MatchedKeywords);
    }

    [TestMethod]
    public void Route_TieBetweenDepartments_FirstConfiguredWins()
    {
        // "refund" is a keyword of billing and of logistics; billing is configured first.
        var decision = Router().Route(Submit("I want a refund"));

        Assert.AreEqual("billing", decision!.DepartmentId);
    }

    [TestMethod]
    public void Route_TieWithOrderSwapped_FirstConfiguredWins()
    {
        var router = new ComplaintRouter([Dept("logistics", ["refund"]), Dept("billing", ["refund"]), Dept("triage")], "triage");

        Assert.AreEqual("logistics", router.Route(Submit("I want a refund"))!.DepartmentId);
    }

    [TestMethod]
    public void Route_NothingMatches_TriageWithExplanation()
    {
        var decision = Router().Route(Submit("Your ad was offensive", category: "Marketing"));

        Assert.AreEqual("triage", decision!.DepartmentId);
        Assert.AreEqual(RoutingRule.Triage, decision.Rule);
        Assert.IsEmpty(decision.MatchedKeywords);
        Assert.Contains("triage", decision.Explanation);
    }

    [TestMethod]
    public void Route_DecisionInReceive_RecordedInHistory()
    {
        var submission = Submit("No me llegó el paquete");
        var decision = Router().Route(submission)!;

        var complaint = Complaint.Receive("c-1", submission, decision, new Actor("api", "Tool", ActorKind.Api), DateTimeOffset.UnixEpoch);

        var routed = complaint.History.Single(e => e.Kind == ComplaintEventKind.Routed);
        Assert.AreEqual("logistics", complaint.DepartmentId);
        Assert.AreEqual(RoutingRule.Keyword, routed.RoutingRule);
        Assert.AreSequenceEqual(new[] { "paquete" }, routed.MatchedKeywords!);
        Assert.AreEqual(decision.Explanation, routed.Note);
    }

    [TestMethod]
    public void FindDepartment_IdInOtherCase_Found()
    {
        var router = Router();

        Assert.AreEqual("billing", router.FindDepartment("Billing")!.Id);
        Assert.IsNull(router.FindDepartment("legal"));
        Assert.IsNull(router.FindDepartment(null));
        Assert.AreEqual("triage", router.TriageDepartment.Id);
    }

    [TestMethod]
    public void Validate_ValidConfiguration_NoErrors()
    {
        Assert.IsEmpty(ComplaintRouter.Validate(Router().Departments, "triage"));
    }

    [TestMethod]
    public void Validate_TriageNotConfigured_ErrorNamesKey()
    {
        var error = Assert.ContainsSingle(ComplaintRouter.Validate([Dept("billing")], "triage"));

        Assert.Contains("TriageDepartmentId", error);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    public void Validate_TriageMissing_ErrorNamesKey(string? triage)
    {
        Assert.Contains("TriageDepartmentId", Assert.ContainsSingle(ComplaintRouter.Validate([Dept("billing")], triage)));
    }

    [TestMethod]
    public void Validate_DuplicateIdsIgnoringCase_ErrorNamesBothEntries()
    {
        var error = Assert.ContainsSingle(ComplaintRouter.Validate([Dept("billing"), Dept("BILLING")], "billing"));

        Assert.Contains("Departments[1].Id", error);
        Assert.Contains("Departments[0]", error);
    }

    [TestMethod]
    public void Validate_NoDepartments_Error()
    {
        var errors = ComplaintRouter.Validate([], "triage");

        Assert.Contains("Departments must list at least one department.", errors);
    }

    [TestMethod]
    public void Validate_BlankIdAndName_ErrorsNameKeys()
    {
        var errors = ComplaintRouter.Validate([Dept("triage"), Dept("x") with { Id = " ", Name = "" }], "triage");

        Assert.AreSequenceEqual(new[] { "Departments[1].Id is required.", "Departments[1].Name is required." }, errors);
    }

    [TestMethod]
    public void Validate_IdWithSurroundingSpaces_ErrorNamesKey()
    {
        var error = Assert.ContainsSingle(ComplaintRouter.Validate([Dept("triage"), Dept(" billing")], "triage"));

        Assert.Contains("Departments[1].Id", error);
    }

    [TestMethod]
    public void Validate_KeywordWithoutLetters_ErrorNamesKey()
    {
        var error = Assert.ContainsSingle(ComplaintRouter.Validate([Dept("triage", ["ok", "¿?"])], "triage"));

        Assert.Contains("Departments[0].Keywords[1]", error);
    }

    [TestMethod]
    public void Validate_CategoryInTwoDepartments_ErrorNamesKey()
    {
        var errors = ComplaintRouter.Validate(
            [Dept("billing", categories: ["Facturación"]), Dept("triage", categories: ["FACTURACION"])], "triage");

        Assert.Contains("Departments[1].Categories[0]", Assert.ContainsSingle(errors));
    }

    [TestMethod]
    public void Validate_SameCategoryTwiceInOneDepartment_NoErrors()
    {
        Assert.IsEmpty(ComplaintRouter.Validate([Dept("triage", categories: ["Billing", "billing"])], "triage"));
    }

    [TestMethod]
    public void Constructor_InvalidConfiguration_ThrowsListingProblems()
    {
        var thrown = Assert.ThrowsExactly<ArgumentException>(() => new ComplaintRouter([Dept("billing"), Dept("Billing")], "triage"));

        Assert.Contains("Departments[1].Id", thrown.Message);
        Assert.Contains("TriageDepartmentId", thrown.Message);
    }
}
