using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Escalation;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.TestHarness.Text;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.IntegrationTests.Cards;

/// <summary>
/// Every card the bot can produce, by name: the complaint card in every state (and the moved, failed, reopened,
/// refreshed and oversized variants) × viewer role × language, and × the views other than the department's, the intake form (category as text or as a choice of the
/// configured ones), its error card and confirmations, the list and the <c>status</c> matches, the relay card before and
/// after each decision, and the help cards; and the same cards again with each string of the hostile corpus
/// (<see cref="HostileText"/>) in every field that comes from outside.
/// </summary>
internal static class CardCatalog
{
    public static readonly string[] Locales = ["en-US", "es-ES"];

    private const string Billing = "billing";
    private const string Logistics = "logistics";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddHours(3);
    private static readonly Actor Api = new("source:listening-tool", "Listening tool", ActorKind.Api);
    private static readonly Actor Ana = new("aad-ana", "Ana Ruiz", ActorKind.User);
    private static readonly Actor Luis = new("aad-luis", "Luis Gómez", ActorKind.User);
    private static readonly Actor Cm = new("aad-cm", "Carla Méndez", ActorKind.CommunityManager);
    private static readonly CardDepartment[] Departments = [new(Billing, "Billing"), new(Logistics, "Logistics"), new("triage", "Triage")];
    private static readonly CardDepartment[] WithCategories =
    [
        new(Billing, "Billing") { Categories = ["billing", "facturación", "refunds"] },
        new(Logistics, "Logistics") { Categories = ["shipping", "envíos"] },
        new("triage", "Triage"),
    ];

    private static readonly CardClock Clock = new(CardOptions.FindTimeZone("Europe/Madrid")!);
    private static readonly ComplaintCardBuilder ComplaintCards = new(Clock, new AuditLineFormatter(Clock));
    private static readonly RelayCardBuilder RelayCards = new(Clock);
    private static readonly ComplaintListCardBuilder ListCards = new(Options.Create(new CardOptions()), Clock);

    /// <summary>The views other than the department's, each card of which must render too.</summary>
    private static readonly (string Name, ComplaintSight Sight)[] Sights =
    [
        ("requester", ComplaintSight.Requester),
        ("former", ComplaintSight.FormerDepartment([Billing])),
        ("outsider", ComplaintSight.Outsider),
        ("outsider-unavailable", ComplaintSight.Outsider with { DirectoryUnavailable = true }),
    ];

    private sealed record Scenario(
        string Name, Func<Complaint> Create, string? CardDepartmentId = null, bool Notice = false, bool Crowd = false, bool Refreshed = false);

    public static IEnumerable<(string Name, AdaptiveCard Card)> All() =>
        ComplaintScenarios().Concat(Intake()).Concat(Lists()).Concat(Relays()).Concat(Help()).Concat(ServiceLevels()).Concat(OverdueLists()).Concat(EscalationNotices()).Concat(CrisisCards()).Concat(Hostile()).Concat(DigestSamples.All());

    /// <summary>A few cards a person should look at, with the buttons to press first.</summary>
    public static IEnumerable<(string Name, string[] Click)> Showcase() =>
    [
        ("complaint-open-DepartmentMember-en-US", []),
        ("complaint-claimed-draft-Owner-es-ES", ["Editar respuesta"]),
        ("complaint-claimed-notice-DepartmentMember-en-US", ["Assign"]),
        ("complaint-answered-Channel-es-ES", []),
        ("complaint-moved-Channel-en-US", []),
        ("complaint-open-long-ReadOnly-en-US", ["Show full text"]),
        ("intake-errors-es-ES", []),
        ("intake-confirmation-Keyword-en-US", []),
        ("list-overflow-en-US", []),
        ("list-matches-es-ES", []),
        ("complaint-claimed-draft-outsider-unavailable-en-US", []),
        ("intake-categories-chosen-en-US", []),
        ("relay-pending-en-US", ["Send back"]),
        ("crisis-alert-en-US", []),
        ("relay-sentback-es-ES", []),
        ($"hostile-{HostileText.Corpus.Count - 1:D2}-complaint-DepartmentMember", []),
        ("complaint-sla-overdue-Channel-en-US", []),
        ("overdue-some-es-ES", []),
        ("digest-en-US", []),
        ("digest-late-weekly-es-ES", []),
    ];

    private static IEnumerable<(string, AdaptiveCard)> ComplaintScenarios()
    {
        Scenario[] scenarios =
        [
            new("received", () => Complaint(ComplaintState.Received)),
            new("received-failed", () => Then(Complaint(ComplaintState.Received), c => c.RecordCardPostFailed("Forbidden", Start.AddMinutes(1)))),
            new("open", () => Complaint(ComplaintState.Open)),
            new("open-long", () => Long()),
            new("claimed", () => Complaint(ComplaintState.Claimed)),
            new("claimed-draft", () => Then(Complaint(ComplaintState.Claimed), c => c.SaveDraft(Ana, "Hola, lamentamos el error: hoy mismo te devolvemos el importe.", Start.AddMinutes(5)))),
            new("claimed-notice", () => Complaint(ComplaintState.Claimed), Notice: true),
            new("claimed-largest", () => Largest(), Crowd: true, Refreshed: true),
            new("open-refreshed", () => Complaint(ComplaintState.Open), Refreshed: true),
            new("answered", () => Complaint(ComplaintState.Answered)),
            new("closed", () => Complaint(ComplaintState.Closed)),
            new("reopened", () => Then(Complaint(ComplaintState.Closed), c => c.Reopen(Ana, "The customer wrote again", Start.AddMinutes(40)))),
            new("moved", () => Moved(), CardDepartmentId: Billing),
            new("moved-arrived", () => Moved(), CardDepartmentId: Logistics),
        ];
        foreach (var scenario in scenarios)
        {
            foreach (var role in Enum.GetValues<CardViewerRole>())
            {
                foreach (var locale in Locales)
                {
                    var complaint = scenario.Create();
                    var context = new ComplaintCardContext
                    {
                        Viewer = Viewer(role),
                        Sight = ComplaintSight.Department,
                        Locale = locale,
                        Now = Now,
                        Departments = Departments,
                        CardDepartmentId = scenario.CardDepartmentId,
                        RenderedOnView = scenario.Refreshed,
                        Notice = scenario.Notice ? CardNotices.FromRefusal(complaint.Claim(Luis, Now).Refusal!, Texts.For(locale), Departments) : null,
                        RefreshUserIds = scenario.Crowd ? [.. Enumerable.Range(0, 75).Select(i => $"29:1uMVvhoAyfTqdMsyvHL0qlJTTfQF9MOUSI8_cQts2kdSWEZVDyJO2jz-{i:D4}")] : ["29:ana", "29:luis"],
                        AssignCandidates = [new Person("aad-pia", "Pía Soto")],
                    };
                    yield return ($"complaint-{scenario.Name}-{role}-{locale}", ComplaintCards.Build(complaint, context));
                }
            }

            foreach (var (view, sight) in Sights)
            {
                foreach (var locale in Locales)
                {
                    var context = new ComplaintCardContext
                    {
                        Viewer = Viewer(CardViewerRole.ReadOnly),
                        Sight = sight,
                        Locale = locale,
                        Now = Now,
                        Departments = Departments,
                        CardDepartmentId = scenario.CardDepartmentId,
                        RenderedOnView = scenario.Refreshed,
                        Notice = sight.DirectoryUnavailable ? CardNotices.DirectoryUnavailable(Texts.For(locale)) : null,
                        RefreshUserIds = ["29:ana", "29:luis"],
                    };
                    yield return ($"complaint-{scenario.Name}-{view}-{locale}", ComplaintCards.Build(scenario.Create(), context));
                }
            }
        }
    }


    private static IEnumerable<(string, AdaptiveCard)> Intake()
    {
        var errors = new IntakeValues { Text = " ", Link = "www.example", AuthorHandle = new string('a', 201), Network = "myspace", Priority = "urgent", DepartmentId = "legal", Category = new string('c', 201) };
        foreach (var locale in Locales)
        {
            yield return ($"intake-empty-{locale}", IntakeCards.Form(locale, Departments));
            yield return ($"intake-prefilled-{locale}", IntakeCards.Form(locale, Departments, new IntakeValues { Text = "Me cobraron dos veces", Link = "https://x.com/a/status/1" }));
            yield return ($"intake-errors-{locale}", IntakeCards.Form(locale, Departments, errors, errors.Validate(Departments)));
            yield return ($"intake-categories-{locale}", IntakeCards.Form(locale, WithCategories));
            yield return ($"intake-categories-chosen-{locale}", IntakeCards.Form(locale, WithCategories, new IntakeValues { Text = "Me cobraron dos veces", Category = "Refunds" }));
            var paste = new IntakeValues { Text = new string('é', 25_000) };
            yield return ($"intake-errors-huge-{locale}", IntakeCards.Form(locale, Departments, paste, paste.Validate(Departments)));
            foreach (var rule in Enum.GetValues<RoutingRule>())
            {
                var complaint = Domain.Complaints.Complaint.Receive(
                    "c-7", Submission(category: "Facturas"), new RoutingDecision(Billing, rule, ["invoice", "refund"], "explanation"), Cm, Start);
                yield return ($"intake-confirmation-{rule}-{locale}", IntakeCards.Confirmation(complaint, locale, Departments));
            }
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> Lists()
    {
        foreach (var locale in Locales)
        {
            yield return ($"list-empty-{locale}", ListCards.Build([], locale, Departments));
            yield return ($"list-some-{locale}", ListCards.Build(
                [Complaint(ComplaintState.Open), Complaint(ComplaintState.Answered, "c-2"), Complaint(ComplaintState.Closed, "c-3")], locale, Departments));
            yield return ($"list-overflow-{locale}", ListCards.Build(
                [.. Enumerable.Range(1, 25).Select(i => Complaint((ComplaintState)(i % 5), $"c-{i}"))], locale, Departments));
            yield return ($"list-matches-{locale}", ListCards.BuildMatches(
                "C01JDX", [.. Enumerable.Range(1, 10).Select(i => Complaint((ComplaintState)(i % 5), $"C01JDX{i:D10}"))], 37, locale, Departments, _ => true));
            yield return ($"list-matches-outsider-{locale}", ListCards.BuildMatches(
                "C01JDX", [.. Enumerable.Range(1, 10).Select(i => Complaint((ComplaintState)(i % 5), $"C01JDX{i:D10}"))], 37, locale, Departments,
                c => c.Id.EndsWith('2'), CardNotices.DirectoryUnavailable(Texts.For(locale))));
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> Relays()
    {
        (string Name, Func<Complaint> Create)[] relays =
        [
            ("pending", () => Complaint(ComplaintState.Answered)),
            ("delivered", () => Then(Complaint(ComplaintState.Answered), c => c.RecordRelayDelivered("a:cm", "relay-1", Start.AddMinutes(4)))),
            ("accepted", () => Complaint(ComplaintState.Closed)),
            ("sentback", () => Then(Complaint(ComplaintState.Answered), c => c.SendBack(Cm, "Too formal; please sound warmer.", Start.AddMinutes(20)))),
            ("withdrawn", () => Then(Complaint(ComplaintState.Answered), c => c.Reopen(Ana, null, Start.AddMinutes(20)))),
            ("longest", () => LongestAnswer()),
        ];
        foreach (var (name, create) in relays)
        {
            foreach (var locale in Locales)
            {
                yield return ($"relay-{name}-{locale}", RelayCards.Build(create(), locale, Now, Departments));
            }
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> Help()
    {
        foreach (var locale in Locales)
        {
            yield return ($"help-welcome-{locale}", HelpCards.Welcome(Texts.For(locale)));
            yield return ($"help-{locale}", HelpCards.Help(Texts.For(locale)));
        }
    }

    /// <summary>Each hostile string as the complaint's text, author, category and requester, and as every name, note and input.</summary>
    private static IEnumerable<(string, AdaptiveCard)> Hostile()
    {
        for (var i = 0; i < HostileText.Corpus.Count; i++)
        {
            var hostile = HostileText.Corpus[i];
            var name = $"hostile-{i:D2}";
            var someone = Ana with { DisplayName = hostile };
            var note = hostile.Length <= 4_000 ? hostile : hostile[..4_000];
            var submission = Submission(text: hostile, category: hostile.Length <= 200 ? hostile : hostile[..200]) with
            {
                AuthorHandle = hostile.Length <= 200 ? hostile : hostile[..200],
                Requester = new Requester(Cm.Id, hostile, hostile, "29:cm"),
            };
            var claimed = Complaint(ComplaintState.Open, submission: submission);
            Must(claimed.AddNote(someone, note, Start.AddMinutes(2)));
            Must(claimed.Claim(someone, Start.AddMinutes(3)));
            Must(claimed.SaveDraft(someone, hostile, Start.AddMinutes(4)));
            var notice = CardNotices.FromRefusal(claimed.Claim(Luis, Now).Refusal!, Texts.For("en-US"), Departments);
            foreach (var role in Enum.GetValues<CardViewerRole>())
            {
                yield return ($"{name}-complaint-{role}", ComplaintCards.Build(claimed, new ComplaintCardContext
                {
                    Viewer = new CardViewer(Luis.Id, hostile, role),
                    Sight = ComplaintSight.Department,
                    Locale = "en-US",
                    Now = Now,
                    Departments = Departments,
                    Notice = notice,
                    AssignCandidates = [new Person("aad-pia", hostile)],
                }));
            }

            var values = new IntakeValues { Text = hostile, Link = hostile, AuthorHandle = hostile, Network = hostile, Priority = hostile, DepartmentId = hostile, Category = hostile };
            yield return ($"{name}-intake-errors", IntakeCards.Form("en-US", WithCategories, values, values.Validate(WithCategories)));
            var routed = Domain.Complaints.Complaint.Receive("c-7", submission, new RoutingDecision(Billing, RoutingRule.Category, [], "category"), Cm, Start);
            yield return ($"{name}-intake-confirmation", IntakeCards.Confirmation(routed, "es-ES", Departments));
            yield return ($"{name}-list", ListCards.Build([routed, Complaint(ComplaintState.Open, "c-8", submission)], "en-US", Departments));
            yield return ($"{name}-matches", ListCards.BuildMatches(hostile, [routed, Complaint(ComplaintState.Open, "c-8", submission)], 2, "en-US", Departments, _ => true));
            var answered = Complaint(ComplaintState.Open, submission: submission);
            Must(answered.Claim(someone, Start.AddMinutes(3)));
            Must(answered.Resolve(someone, hostile, Start.AddMinutes(4)));
            yield return ($"{name}-relay-pending", RelayCards.Build(answered, "en-US", Now, Departments));
            Must(answered.SendBack(Cm with { DisplayName = hostile }, note, Start.AddMinutes(5)));
            yield return ($"{name}-relay-sentback", RelayCards.Build(answered, "es-ES", Now, Departments));
        }
    }

    private static CardViewer Viewer(CardViewerRole role) => role switch
    {
        CardViewerRole.DepartmentMember => new(Luis.Id, Luis.DisplayName, role),
        CardViewerRole.Owner => new(Ana.Id, Ana.DisplayName, role),
        CardViewerRole.ReadOnly => new("aad-olga", "Olga Otero", role),
        _ => CardViewer.Channel,
    };

    private static ComplaintSubmission Submission(string text = "Me cobraron dos veces la factura de marzo y nadie me responde.", string? category = null) => new()
    {
        Source = "listening-tool",
        ExternalId = "post-42",
        Network = Network.X,
        AuthorHandle = "@cliente_enfadado",
        Text = text,
        PostUrl = new Uri("https://x.com/cliente_enfadado/status/42"),
        Priority = Priority.Critical,
        Category = category,
        Requester = new Requester(Cm.Id, "carla@contoso.example", Cm.DisplayName, "29:cm"),
    };

    /// <summary>Received → Open → Claimed (Ana) → Answered → Closed (accepted by the CM), stopping at <paramref name="state"/>.</summary>
    private static Complaint Complaint(ComplaintState state, string id = "c-1", ComplaintSubmission? submission = null)
    {
        var complaint = Domain.Complaints.Complaint.Receive(
            id, submission ?? Submission(), new RoutingDecision(Billing, RoutingRule.Keyword, ["factura"], "keyword"), Api, Start);
        var steps = new Func<Complaint, TransitionResult>[]
        {
            c => c.RecordCardPosted(new ChannelCard(Billing, "19:billing@thread.tacv2;messageid=1", "1", Start), Start.AddMinutes(1)),
            c => c.Claim(Ana, Start.AddMinutes(2)),
            c => c.Resolve(Ana, "Hola, lamentamos el doble cobro. Ya hemos devuelto el importe; lo verás en 2 o 3 días.", Start.AddMinutes(3)),
            c => c.Accept(Cm, Start.AddMinutes(4)),
        };
        foreach (var step in steps.Take((int)state))
        {
            Must(step(complaint));
        }

        return complaint;
    }

    private static Complaint Then(Complaint complaint, Func<Complaint, TransitionResult> step)
    {
        Must(step(complaint));
        return complaint;
    }

    private static Complaint Long() => Then(
        Complaint(ComplaintState.Open, submission: Submission(text: Repeat("Llevo tres semanas esperando el reembolso y nadie contesta. ", 2_500), category: "Facturación")),
        c => c.AddNote(Luis, "Checked the payment system:\nthe refund failed twice.", Start.AddMinutes(30)));

    /// <summary>10 000-character complaint, 10 000-character draft, 20 history events: the size budget at work.</summary>
    private static Complaint Largest()
    {
        var complaint = Complaint(ComplaintState.Claimed, submission: Submission(text: Repeat("No funciona nada y quiero una solución ya. ", 10_000)));
        while (complaint.History.Count < 19)
        {
            Must(complaint.AddNote(Luis, Repeat("Nota interna larga con detalles del caso. ", ComplaintLimits.MaxNoteLength), Start.AddMinutes(complaint.History.Count)));
        }

        Must(complaint.SaveDraft(Ana, Repeat("Borrador de respuesta muy largo. ", ComplaintLimits.MaxTextLength), Start.AddMinutes(30)));
        return complaint;
    }

    private static Complaint LongestAnswer()
    {
        var complaint = Complaint(ComplaintState.Claimed, submission: Submission(text: Repeat("Texto largo de la queja. ", ComplaintLimits.MaxComplaintTextLength)));
        Must(complaint.Resolve(Ana, Repeat("Respuesta acordada muy larga. ", ComplaintLimits.MaxTextLength), Start.AddMinutes(10)));
        return complaint;
    }

    private static Complaint Moved() => Then(Complaint(ComplaintState.Claimed), c => c.Reassign(Ana, Logistics, "It is a delivery problem", Start.AddMinutes(10)));

    // --- Service levels (docs/sla.md): the complaint card in every band, as sent and as refreshed, and the overdue list ---

    private static readonly OverdueCardBuilder OverdueCards = new(Options.Create(new CardOptions()), Clock);

    /// <summary>Calendar hours, claim within 1 h and answer within 4 h: at <see cref="Now"/> (3 h in) an unclaimed complaint is overdue, a claimed one due soon.</summary>
    private static readonly SlaPolicySet Tight = new() { Default = new SlaPolicy { Targets = new(TimeSpan.FromHours(1), TimeSpan.FromHours(4)) } };

    private static readonly SlaPolicySet Loose = new() { Default = new SlaPolicy { Targets = new(TimeSpan.FromHours(4), TimeSpan.FromHours(8)) } };

    private static readonly SlaPolicySet Instant = new() { Default = new SlaPolicy { Targets = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)) } };

    /// <summary>The crisis alert (open, handled) and the channel banner, in both languages.</summary>
    private static IEnumerable<(string, AdaptiveCard)> CrisisCards()
    {
        var cards = new TeamsEscalationBot.Features.Crises.CrisisCardBuilder(Clock);
        var crisis = new TeamsEscalationBot.Domain.Crises.Crisis
        {
            Id = "crisis-0123456789abcdef0123",
            Trait = new(TeamsEscalationBot.Domain.Crises.CrisisTraitKind.Keywords, "app login crashes"),
            Headline = "app, login, crashes",
            StartedAt = Start,
            OpenedAt = Start.AddMinutes(12),
            LastUpdatedAt = Start.AddMinutes(25),
            ComplaintIds = [.. Enumerable.Range(1, 12).Select(i => $"C01JDX{i:D10}")],
            Networks = [new(Network.X, 8), new(Network.Facebook, 4)],
            Samples = ["The app crashes at login since this morning, I can't pay my bill", "La app se cierra al iniciar sesión desde esta mañana", "@brand your app crashes every time I log in!!"],
        };
        var handled = crisis with { State = TeamsEscalationBot.Domain.Crises.CrisisState.Handled, HandledBy = "Lena Lead", HandledAt = Start.AddMinutes(40) };
        foreach (var locale in Locales)
        {
            yield return ($"crisis-alert-{locale}", cards.Alert(crisis, ["Billing", "Customer Care"], locale));
            yield return ($"crisis-handled-{locale}", cards.Alert(handled, ["Billing"], locale));
            yield return ($"crisis-banner-{locale}", cards.Banner(crisis, ["Billing"], locale));
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> ServiceLevels()
    {
        (string Name, Func<Complaint> Create)[] bands =
        [
            ("ontrack", () => Clocked(Complaint(ComplaintState.Open), Loose)),
            ("duesoon", () => Clocked(Complaint(ComplaintState.Claimed), Tight)),
            ("overdue", () => Clocked(Complaint(ComplaintState.Open), Tight)),
            ("paused", () => Clocked(Complaint(ComplaintState.Answered), Tight)),
            ("met", () => Clocked(Complaint(ComplaintState.Closed), Tight)),
            ("late", () => Clocked(Complaint(ComplaintState.Closed), Instant)),
            ("noclock", () => Clocked(Complaint(ComplaintState.Open), SlaPolicySet.None)),
            ("largest", () => Clocked(Largest(), Tight)),
        ];
        foreach (var (name, create) in bands)
        {
            foreach (var locale in Locales)
            {
                var channel = new ComplaintCardContext { Viewer = CardViewer.Channel, Sight = ComplaintSight.Department, Locale = locale, Now = Now, Departments = Departments };
                var member = channel with { Viewer = Viewer(CardViewerRole.DepartmentMember), RenderedOnView = true, TimeZone = "America/New_York" };
                yield return ($"complaint-sla-{name}-Channel-{locale}", ComplaintCards.Build(create(), channel));
                yield return ($"complaint-sla-{name}-refreshed-{locale}", ComplaintCards.Build(create(), member));
            }
        }
    }

    private static IEnumerable<(string, AdaptiveCard)> OverdueLists()
    {
        var billing = new Department { Id = Billing, Name = "Billing", TeamId = "19:team@thread.tacv2", ChannelId = "19:billing@thread.tacv2", EntraGroupId = "g-billing" };
        var logistics = billing with { Id = Logistics, Name = "Logistics and returns of the southern warehouses", ChannelId = "19:logistics@thread.tacv2" };
        OverdueItem Item(Complaint complaint, Department department, bool linked = true) => new(
            complaint,
            SlaRecords.StatusOf(complaint, Now)!,
            department,
            linked ? ChannelMessageLink.For(complaint.CurrentCard!, "72f988bf-86f1-41af-91ab-2d7cd011db47", "b6f1f5c4-3a2e-4d6e-9a8f-0c1d2e3f4a5b") : null);
        foreach (var locale in Locales)
        {
            yield return ($"overdue-empty-{locale}", OverdueCards.Build([], [billing], locale, null, Now));
            yield return ($"overdue-some-{locale}", OverdueCards.Build(
                [
                    Item(Clocked(Complaint(ComplaintState.Open, "C01JDX4Z8Q3K7FQ2"), Tight), billing),
                    Item(Clocked(Complaint(ComplaintState.Claimed, "C01JDX4Z8Q3K7FQ3"), Tight), logistics),
                    Item(Clocked(Complaint(ComplaintState.Open, "C01JDX4Z8Q3K7FQ4"), Tight), billing, linked: false),
                ],
                [billing, logistics],
                locale,
                "America/New_York",
                Now));
            yield return ($"overdue-overflow-{locale}", OverdueCards.Build(
                [.. Enumerable.Range(1, 25).Select(i => Item(
                    Clocked(Complaint(ComplaintState.Open, $"C01JDX{i:D10}", Submission(text: Repeat("Me cobraron dos veces y nadie responde. ", 2_000))), Tight),
                    billing))],
                [billing, logistics],
                locale,
                null,
                Now));
        }
    }

    /// <summary>The executives' second-level notice: both targets, with and without a link to the channel card, and the longest text.</summary>
    private static IEnumerable<(string, AdaptiveCard)> EscalationNotices()
    {
        var link = ChannelMessageLink.For(new ChannelCard(Billing, "19:billing@thread.tacv2;messageid=1700000000001", "1700000000001", Start), "72f988bf-86f1-41af-91ab-2d7cd011db47", "b6f1f5c4-3a2e-4d6e-9a8f-0c1d2e3f4a5b");
        var claim = new EscalationStep(SlaTarget.Claim, EscalationLevel.SecondLevel, Start.AddMinutes(30), ["aad-exec"]);
        foreach (var locale in Locales)
        {
            var texts = Texts.For(locale);
            yield return ($"escalation-notice-claim-{locale}", EscalationNoticeCardBuilder.Build(Complaint(ComplaintState.Open), claim, "Billing", "2 Mar 2026, 10:30 (Europe/Madrid)", link, texts));
            yield return ($"escalation-notice-answer-{locale}", EscalationNoticeCardBuilder.Build(
                Complaint(ComplaintState.Claimed, submission: Submission(text: Repeat("Me cobraron dos veces y nadie responde. ", 2_000))),
                claim with { Target = SlaTarget.Answer },
                "Logistics and returns of the southern warehouses",
                "2 Mar 2026, 17:00 (Europe/Madrid)",
                null,
                texts));
        }
    }

    /// <summary>The complaint with the clocks a store would have kept under <paramref name="policies"/>.</summary>
    private static Complaint Clocked(Complaint complaint, SlaPolicySet policies) =>
        SlaRecords.Attach(complaint, new SlaRecord { Clocks = SlaClocks.StartNew(complaint, [], policies) });

    private static string Repeat(string text, int length) =>
        string.Concat(Enumerable.Repeat(text, (length / text.Length) + 1))[..length].TrimEnd();

    private static void Must(TransitionResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Refusal.Reason);
        }
    }
}
