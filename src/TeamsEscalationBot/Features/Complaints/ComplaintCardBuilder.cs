using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.Cards.CardBlocks;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// The complaint card of a department channel (and of <c>status</c> in personal chat): the complaint's first words as
/// headline, priority, author, id, text, link, department, state, owner, when it arrived, the answer, recent history and
/// the actions the viewer may use. Every action is an <c>Action.Execute</c> with <c>{ complaintId, version }</c>; the card
/// refreshes itself for the listed users. What it shows follows the viewer's <see cref="ComplaintSight"/>: an outsider
/// gets <see cref="ComplaintOutsiderCard"/>, the requester no notes or drafts, a former department the complaint as it
/// left them; only the department gets actions.
/// </summary>
internal sealed class ComplaintCardBuilder(CardClock clock, AuditLineFormatter audit)
{
    /// <summary>The dataset of Teams' people picker (type-ahead over the tenant's users).</summary>
    public const string PeopleDataset = "graph.microsoft.com/users";

    public AdaptiveCard Build(Complaint complaint, ComplaintCardContext context)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Sight.Visibility == ComplaintVisibility.Outsider)
        {
            return ComplaintOutsiderCard.Build(complaint, context);
        }

        var role = context.Sight.IsDepartment ? ComplaintCardActions.EffectiveRole(complaint, context.Viewer) : CardViewerRole.ReadOnly;
        var view = new View(complaint, context, Texts.For(context.Locale), role);
        var fullChars = Math.Min(complaint.Text.Length, CardBudget.FullTextChars);

        // Budget, in order: the full text behind "Show full text" gives way first, then the draft in the answer box, then
        // the card turns compact (shorter previews, fewer history lines and people), which only extreme text needs.
        var size = 0;
        foreach (var stage in Limits.Stages)
        {
            AdaptiveCard card;
            (card, size) = CardBudget.Fit(n => Compose(view, stage with { FullTextChars = n }), fullChars, stage.PreviewChars);
            if (size <= CardBudget.MaxBytes)
            {
                return card;
            }
        }

        throw CardBudget.TooBig("complaint", size);
    }

    private AdaptiveCard Compose(View view, Limits limits)
    {
        var (complaint, context, texts) = (view.Complaint, view.Context, view.Texts);
        var actions = view.Moved ? [] : ComplaintCardActions.For(complaint.State, view.Role);
        return new AdaptiveCard
        {
            FallbackText = texts.Format(
                "Card_Fallback", complaint.Id, CardWords.State(texts, complaint.State), view.DepartmentName(complaint.DepartmentId)),
            Refresh = Refresh(view),
            Body =
            [
                .. Notice(context.Notice),
                .. CrisisBadge(view),
                .. MovedNotice(view),
                .. Header(view),
                .. Body(view, limits),
                .. TextActions(view, limits),
                Facts(view),
                .. ServiceLevel(view),
                .. Answer(view, limits),
                .. StatusLine(view),
                .. History(view, limits),
            ],
            Actions = actions.Count == 0 ? null : [.. Actions(view, actions, limits)],
        };
    }

    private static CardRefresh Refresh(View view)
    {
        var userIds = view.Context.RefreshUserIds
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Distinct(StringComparer.Ordinal)
            .Take(CardBudget.MaxRefreshUserIds)
            .ToList();
        var data = CardData.ForComplaint(view.Complaint, (CardDataKeys.DepartmentId, view.CardDepartmentId));
        return new CardRefresh(
            new ExecuteAction(view.Texts["Card_Action_Refresh"], CardVerbs.Refresh) { Data = data },
            userIds.Count == 0 ? null : userIds);
    }

    /// <summary>The bot's own words only: the crisis's headline is on the alert card, not here.</summary>
    private static IEnumerable<CardElement> CrisisBadge(View view) => !view.Context.InCrisis ? [] :
    [
        new Container([new TextBlock(view.Texts["Card_CrisisBadge"]) { Weight = "Bolder", Color = "Attention", Size = "Small" }]) { Style = "Attention" },
    ];

    private IEnumerable<CardElement> MovedNotice(View view)
    {
        if (!view.Moved)
        {
            return [];
        }

        var texts = view.Texts;
        var moved = view.History.LastOrDefault(e =>
            e.Kind == ComplaintEventKind.Reassigned && view.IsCardDepartment(e.FromDepartmentId));
        var why = moved is null ? null : audit.Format(moved, texts, view.Context.Departments, view.Context.Now);
        return
        [
            new Container(
            [
                new TextBlock(texts.Format("Card_Moved", view.DepartmentName(view.Complaint.DepartmentId))) { Weight = "Bolder" },
                .. why is null ? Array.Empty<CardElement>() : [Plain(why, subtle: true)],
            ])
            { Style = "Warning" },
        ];
    }

    /// <summary>
    /// What staff must see at a glance: the complaint's first words as the headline, the priority beside it, who wrote
    /// it where, and the id in small print for reference.
    /// </summary>
    private static IEnumerable<CardElement> Header(View view)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var look = CardWords.PriorityStyle(complaint.Priority);
        return
        [
            new ColumnSet(
            [
                new Column([Strong(view.Headline, "Medium")]) { Width = "stretch" },
                new Column(
                [
                    new TextBlock(texts.Format("Card_Priority_Header", CardWords.Priority(texts, complaint.Priority)))
                    {
                        Weight = look.Weight,
                        Color = look.Color,
                        IsSubtle = look.IsSubtle,
                        HorizontalAlignment = "Right",
                    },
                ])
                { Width = "auto" },
            ]),
            Plain($"{CardWords.Network(texts, complaint.Network)} · {CardText.Truncate(complaint.AuthorHandle, CardBudget.ShortFieldChars)}", subtle: true) with
            {
                Spacing = "None",
            },
            new TextBlock(texts.Format("Card_Title", complaint.Id)) { IsSubtle = true, Size = "Small", Spacing = "None" },
        ];
    }

    /// <summary>The complaint's text, unless the headline already shows all of it.</summary>
    private static IEnumerable<CardElement> Body(View view, Limits limits) =>
        view.Headline == view.Complaint.Text.Trim() ? [] : [Plain(CardText.Truncate(view.Complaint.Text, limits.PreviewChars))];

    /// <summary>"Show full text" when the body shows only the start, and the link to the public post.</summary>
    private static IEnumerable<CardElement> TextActions(View view, Limits limits)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var buttons = new List<CardAction>();
        // At its floor the full text is no longer than the preview, so the button would show nothing more.
        if (complaint.Text.Length > limits.PreviewChars && limits.FullTextChars > limits.PreviewChars)
        {
            var shortened = limits.FullTextChars < complaint.Text.Length;
            buttons.Add(new ShowCardAction(texts["Card_Action_ShowFullText"], AdaptiveCard.Nested(
            [
                Plain(CardText.Truncate(complaint.Text, limits.FullTextChars)),
                .. shortened ? [Plain(texts["Card_FullText_Shortened"], subtle: true)] : Array.Empty<CardElement>(),
            ])));
        }

        if (complaint.PostUrl is not null)
        {
            buttons.Add(new OpenUrlAction(texts["Card_Action_OpenPost"], complaint.PostUrl));
        }

        return buttons.Count == 0 ? [] : [new ActionSet(buttons)];
    }

    /// <summary>The facts, values shown as typed: owner, category and requester come from outside.</summary>
    private Container Facts(View view)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var facts = new List<Fact>
        {
            new(texts["Card_Fact_Department"], view.DepartmentName(complaint.DepartmentId)),
            new(texts["Card_Fact_State"], CardWords.State(texts, complaint.State)),
        };
        if (view.Context.Sight.Visibility != ComplaintVisibility.FormerDepartment)
        {
            // The owner now is someone of another department, after the complaint left the viewer's.
            facts.Add(new(texts["Card_Fact_Owner"], complaint.Owner is null ? texts["Card_Owner_Nobody"] : view.Name(complaint.Owner)));
        }

        facts.Add(new(texts["Card_Fact_Received"], Received(view)));
        if (!string.IsNullOrWhiteSpace(complaint.Category))
        {
            facts.Add(new(texts["Card_Fact_Category"], CardText.Truncate(complaint.Category, CardBudget.ShortFieldChars)));
        }

        if (complaint.Requester?.DisplayName is { Length: > 0 } requester)
        {
            facts.Add(new(texts["Card_Fact_Requester"], CardText.Truncate(requester, CardBudget.NameChars)));
        }

        return CardBlocks.Facts(facts);
    }

    /// <summary>
    /// The date and time, true however long the card stays in the channel; the age only when Teams rebuilds the card
    /// each time it is seen (automatic refresh), where it cannot go stale.
    /// </summary>
    private string Received(View view)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var date = clock.Date(complaint.CreatedAt, texts.Culture);
        return view.Context.RenderedOnView ? $"{date} · {CardClock.Ago(complaint.CreatedAt, view.Context.Now, texts)}" : date;
    }

    /// <summary>
    /// Service level (docs/sla.md): the state of the complaint's clock and its deadlines in the viewer's time zone, in
    /// words that stay true on a card that stays as sent. Nothing when no record was stored with the complaint, and
    /// nothing on the old card of a department the complaint left (its clock belongs to the new one).
    /// </summary>
    private IEnumerable<CardElement> ServiceLevel(View view)
    {
        var now = view.Context.Now;
        if (view.Moved || SlaRecords.StatusOf(view.Complaint, now) is not { } status)
        {
            return [];
        }

        var zone = SlaText.Zone(view.Context.TimeZone, status, clock.Zone);
        return SlaText.Block(status, view.Complaint.State, now, zone, view.Texts, relative: view.Context.RenderedOnView);
    }

    private IEnumerable<CardElement> Answer(View view, Limits limits)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var visibility = view.Context.Sight.Visibility;
        if (complaint.Answer is { } answer && visibility is ComplaintVisibility.Department or ComplaintVisibility.Requester)
        {
            return
            [
                Heading(texts["Card_Answer_Agreed"]),
                Plain(CardText.Truncate(answer.Text, limits.PreviewChars)),
                Plain(texts.Format("Card_Answer_By", view.Name(answer.By), clock.When(answer.At, view.Context.Now, texts.Culture)), subtle: true),
            ];
        }

        return complaint.AnswerDraft is { } draft && !view.Moved && visibility == ComplaintVisibility.Department
            ? [Heading(texts["Card_Answer_Draft"]), Plain(CardText.Truncate(draft, limits.PreviewChars))]
            : [];
    }

    private static IEnumerable<CardElement> StatusLine(View view)
    {
        var texts = view.Texts;
        if (view.Role == CardViewerRole.ReadOnly && !view.Moved)
        {
            return [Subtle(texts.Format("Card_ReadOnly", view.DepartmentName(view.Complaint.DepartmentId)))];
        }

        return view.Complaint.State == ComplaintState.Received && !view.Moved
            ? [Subtle(texts.Format("Card_WaitingForChannel", view.DepartmentName(view.Complaint.DepartmentId)))]
            : [];
    }

    private IEnumerable<CardElement> History(View view, Limits limits)
    {
        var texts = view.Texts;
        var lines = view.History
            .Select(e => audit.Format(e, texts, view.Context.Departments, view.Context.Now, limits.NoteChars))
            .OfType<string>()
            .ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var shown = lines.TakeLast(limits.HistoryEvents).Reverse().Select(line => (CardElement)(Plain(line, subtle: true) with { Spacing = "Small" }));
        var earlier = lines.Count - limits.HistoryEvents;
        return
        [
            Heading(texts["Card_History"]),
            .. shown,
            .. earlier > 0 ? [Subtle(texts.Plural("Card_History_Earlier", earlier))] : Array.Empty<CardElement>(),
        ];
    }

    private static IEnumerable<CardAction> Actions(View view, IReadOnlyList<string> verbs, Limits limits)
    {
        var texts = view.Texts;
        var answerShown = false;
        foreach (var verb in verbs)
        {
            switch (verb)
            {
                case CardVerbs.Claim:
                    yield return Execute(view, texts["Card_Action_Claim"], verb, inputs: false) with { Style = "positive" };
                    break;
                case CardVerbs.Unclaim:
                    yield return Execute(view, texts["Card_Action_Unclaim"], verb, inputs: false);
                    break;
                case CardVerbs.Assign:
                    yield return AssignForm(view, limits);
                    break;
                case CardVerbs.Reassign when view.OtherDepartments.Count > 0:
                    yield return ReassignForm(view);
                    break;
                case CardVerbs.Note:
                    yield return Form(texts["Card_Action_Note"], [TextArea(CardInputs.NoteText, texts["Card_Input_Note"], texts, required: true, ComplaintLimits.MaxNoteLength)],
                        [Execute(view, texts["Card_Action_NoteSave"], verb)]);
                    break;
                case CardVerbs.Draft or CardVerbs.Resolve when !answerShown:
                    answerShown = true;
                    yield return AnswerForm(view, verbs, limits);
                    break;
                case CardVerbs.Reopen:
                    yield return Form(texts["Card_Action_Reopen"], [TextArea(CardInputs.ReopenNote, texts["Card_Input_ReopenNote"], texts, required: false, ComplaintLimits.MaxNoteLength)],
                        [Execute(view, texts["Card_Action_ReopenConfirm"], verb)]);
                    break;
            }
        }
    }

    private static ShowCardAction AssignForm(View view, Limits limits)
    {
        var texts = view.Texts;
        var picker = new ChoiceSetInput(CardInputs.Assignee, view.AssignChoices(limits.AssignChoices))
        {
            Label = texts["Card_Input_Assignee"],
            Placeholder = texts["Card_Input_AssigneePlaceholder"],
            Style = "filtered",
            IsRequired = true,
            ErrorMessage = texts["Card_Input_AssigneeRequired"],
            ChoicesData = new DataQuery(PeopleDataset),
        };
        return Form(texts["Card_Action_Assign"], [picker], [Execute(view, texts["Card_Action_AssignConfirm"], CardVerbs.Assign)]);
    }

    private static ShowCardAction ReassignForm(View view)
    {
        var texts = view.Texts;
        var departments = new ChoiceSetInput(CardInputs.ReassignDepartment, [.. view.OtherDepartments.Select(d => new Choice(d.Name, d.Id))])
        {
            Label = texts["Card_Input_ReassignDepartment"],
            Style = "compact",
            IsRequired = true,
            ErrorMessage = texts["Card_Input_ReassignDepartmentRequired"],
        };
        return Form(
            texts["Card_Action_Reassign"],
            [departments, TextArea(CardInputs.ReassignReason, texts["Card_Input_ReassignReason"], texts, required: true, ComplaintLimits.MaxNoteLength)],
            [Execute(view, texts["Card_Action_ReassignConfirm"], CardVerbs.Reassign)]);
    }

    private static ShowCardAction AnswerForm(View view, IReadOnlyList<string> verbs, Limits limits)
    {
        var texts = view.Texts;
        var draft = view.Complaint.AnswerDraft;
        var prefill = limits.DraftInForm ? draft : null;
        var body = new List<CardElement>
        {
            TextArea(CardInputs.AnswerText, texts["Card_Input_Answer"], texts, required: draft is null || prefill is not null, ComplaintLimits.MaxTextLength) with
            {
                Value = prefill is null ? null : CardText.Inert(prefill),
            },
        };
        if (draft is not null && prefill is null)
        {
            body.Add(Subtle(texts["Card_Answer_DraftTooLong"]));
        }

        var buttons = new List<CardAction>();
        if (verbs.Contains(CardVerbs.Draft))
        {
            buttons.Add(Execute(view, texts["Card_Action_DraftSave"], CardVerbs.Draft));
        }

        if (verbs.Contains(CardVerbs.Resolve))
        {
            buttons.Add(Execute(view, texts["Card_Action_ResolveConfirm"], CardVerbs.Resolve) with { Style = "positive" });
        }

        return Form(texts[draft is null ? "Card_Action_Answer" : "Card_Action_AnswerEdit"], body, buttons);
    }

    private static ShowCardAction Form(string title, IReadOnlyList<CardElement> inputs, IReadOnlyList<CardAction> buttons) =>
        new(title, AdaptiveCard.Nested(inputs, buttons));

    /// <summary>A complaint action; inside a form it sends the form's inputs, a plain button sends only its data.</summary>
    private static ExecuteAction Execute(View view, string title, string verb, bool inputs = true) =>
        new(title, verb) { Data = CardData.ForComplaint(view.Complaint), AssociatedInputs = inputs ? "auto" : "none" };

    private static TextInput TextArea(string id, string label, Texts texts, bool required, int maxLength) => new(id)
    {
        Label = label,
        IsMultiline = true,
        MaxLength = maxLength,
        IsRequired = required ? true : null,
        ErrorMessage = required ? texts["Card_Input_TextRequired"] : null,
    };

    private static TextBlock Heading(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    private static TextBlock Subtle(string text) => new(text) { IsSubtle = true, Size = "Small" };

    /// <summary>How much of each part a card holds; <see cref="Stages"/> go from generous to compact.</summary>
    private sealed record Limits(int FullTextChars, bool DraftInForm, bool Compact)
    {
        public static readonly Limits[] Stages =
        [
            new(CardBudget.FullTextChars, DraftInForm: true, Compact: false),
            new(CardBudget.FullTextChars, DraftInForm: false, Compact: false),
            new(CardBudget.FullTextChars, DraftInForm: false, Compact: true),
        ];

        /// <summary>Characters of the complaint text and of the answer in the card's body.</summary>
        public int PreviewChars => Compact ? CardBudget.PreviewChars / 2 : CardBudget.PreviewChars;

        public int HistoryEvents => Compact ? 3 : CardBudget.HistoryEvents;

        /// <summary>Characters of a note, reason or comment quoted in a history line.</summary>
        public int NoteChars => Compact ? AuditLineFormatter.ExcerptChars / 2 : AuditLineFormatter.ExcerptChars;

        public int AssignChoices => Compact ? 3 : CardBudget.MaxAssignChoices;
    }

    /// <summary>The facts a card is composed from, worked out once.</summary>
    private sealed class View
    {
        public View(Complaint complaint, ComplaintCardContext context, Texts texts, CardViewerRole role)
        {
            Complaint = complaint;
            Context = context;
            Texts = texts;
            Role = role;
            CardDepartmentId = context.CardDepartmentId ?? complaint.DepartmentId;
            Moved = !IsCardDepartment(complaint.DepartmentId);
            OtherDepartments = [.. context.Departments.Where(d => !string.Equals(d.Id, complaint.DepartmentId, StringComparison.OrdinalIgnoreCase))];
            Headline = CardText.Gist(complaint.Text, CardBudget.HeadlineChars);
            History = context.Sight.History(complaint);
        }

        public Complaint Complaint { get; }

        public ComplaintCardContext Context { get; }

        public Texts Texts { get; }

        public CardViewerRole Role { get; }

        /// <summary>The complaint's first words, on one line.</summary>
        public string Headline { get; }

        /// <summary>The history entries the viewer may read (<see cref="ComplaintSight.History"/>).</summary>
        public IReadOnlyList<ComplaintEvent> History { get; }

        public string CardDepartmentId { get; }

        /// <summary>The complaint left the department whose channel shows this card: the old card, without actions.</summary>
        public bool Moved { get; }

        public IReadOnlyList<CardDepartment> OtherDepartments { get; }

        public bool IsCardDepartment(string? id) => string.Equals(id, CardDepartmentId, StringComparison.OrdinalIgnoreCase);

        public string DepartmentName(string id) => CardDepartment.NameOf(Context.Departments, id);

        public string Name(Person person) => NameOf(person.AadObjectId, person.DisplayName);

        public string Name(Actor actor) => NameOf(actor.Id, actor.DisplayName);

        /// <summary>The viewer ("me") first, then the directory's candidates, then people who worked on it; never the owner.</summary>
        public IReadOnlyList<Choice> AssignChoices(int max)
        {
            var people = new List<(string Id, string Title)>();
            var viewer = Context.Viewer;
            if (Role == CardViewerRole.DepartmentMember && !string.IsNullOrWhiteSpace(viewer.AadObjectId))
            {
                people.Add((viewer.AadObjectId, Texts.Format("Card_Assign_Me", NameOf(viewer.AadObjectId, viewer.DisplayName))));
            }

            people.AddRange(Context.AssignCandidates.Select(p => (p.AadObjectId, Name(p))));
            people.AddRange(Complaint.History
                .SelectMany(e => (Person?[])[e.Assignee, e.PreviousOwner, e.Actor.Kind == ActorKind.User ? new Person(e.Actor.Id, e.Actor.DisplayName) : null])
                .OfType<Person>()
                .Reverse()
                .Select(p => (p.AadObjectId, Name(p))));
            return
            [
                .. people
                    .Where(p => !string.IsNullOrWhiteSpace(p.Id) && !string.Equals(p.Id, Complaint.Owner?.AadObjectId, StringComparison.OrdinalIgnoreCase))
                    .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase)
                    .Take(max)
                    .Select(p => new Choice(CardText.Inert(p.Title), p.Id)),
            ];
        }

        private string NameOf(string id, string recorded) => CardText.Truncate(
            Context.DisplayNames is { } names && names.TryGetValue(id, out var current) && !string.IsNullOrWhiteSpace(current) ? current : recorded,
            CardBudget.NameChars);
    }
}
