using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// The agreed answer, relayed to the community manager in their 1:1 chat: the complaint, the answer to copy (as text
/// and in a text box), who answered and when, and Accept / Send back. Once decided (or withdrawn by the department)
/// the card shows the outcome and no buttons. Built from the complaint as it is now, with the notice (a refusal, a
/// "try again") on top when there is one, within the budget; its actions carry the version of the answer they are
/// about. It shows the complaint's text and the answer: only for those who may see them
/// (<see cref="Complaints.ComplaintVisibility.Requester"/> or more).
/// </summary>
internal sealed class RelayCardBuilder(CardClock clock)
{
    public AdaptiveCard Build(
        Complaint complaint, string? locale, DateTimeOffset now, IReadOnlyList<CardDepartment> departments, CardNotice? notice = null)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(departments);
        var texts = Texts.For(locale);
        var resolved = complaint.History.LastOrDefault(e => e.Kind == ComplaintEventKind.Resolved);
        var view = new View(complaint, texts, now, departments, resolved, OutcomeOf(complaint), notice);
        var answer = resolved?.Note ?? string.Empty;

        // Budget, in order: the answer shown as text gives way first (the box still holds all of it), then the box.
        var (card, size) = CardBudget.Fit(n => Compose(view, n, answer.Length), answer.Length, CardBudget.AnswerPreviewChars);
        if (size > CardBudget.MaxBytes)
        {
            (card, size) = CardBudget.Fit(n => Compose(view, CardBudget.AnswerPreviewChars, n), answer.Length, 0);
        }

        return size <= CardBudget.MaxBytes ? card : throw CardBudget.TooBig("relay", size);
    }

    /// <summary>What the community manager did with the answer, or null while it waits for them.</summary>
    public static ComplaintEventKind? OutcomeOf(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return complaint.Relay switch
        {
            RelayStatus.Accepted => ComplaintEventKind.Accepted,
            RelayStatus.SentBack => ComplaintEventKind.SentBack,
            RelayStatus.Pending or RelayStatus.Delivered or RelayStatus.Failed when complaint.State == ComplaintState.Answered => null,
            _ => ComplaintEventKind.Reopened,
        };
    }

    private AdaptiveCard Compose(View view, int answerChars, int copyChars)
    {
        var (complaint, texts) = (view.Complaint, view.Texts);
        var answer = view.Resolved?.Note ?? string.Empty;
        var showAnswer = view.Resolved is not null && view.Outcome is null or ComplaintEventKind.Accepted;
        return new AdaptiveCard
        {
            FallbackText = texts.Format("Relay_Title", complaint.Id),
            Body =
            [
                .. CardBlocks.Notice(view.Notice),
                new TextBlock(texts.Format("Relay_Title", complaint.Id)) { Size = "Medium", Weight = "Bolder" },
                CardBlocks.Plain($"{CardWords.Network(texts, complaint.Network)} · {CardText.Truncate(complaint.AuthorHandle, CardBudget.ShortFieldChars)}", subtle: true),
                CardBlocks.Plain(CardText.Excerpt(complaint.Text, CardBudget.ExcerptChars)),
                .. complaint.PostUrl is null ? [] : (CardElement[])[new ActionSet([new OpenUrlAction(texts["Card_Action_OpenPost"], complaint.PostUrl)])],
                .. showAnswer ? Answer(view, answer, answerChars, copyChars) : [],
                .. Outcome(view),
            ],
            Actions = view.Outcome is null && view.Resolved is not null ? Buttons(view) : null,
        };
    }

    private IEnumerable<CardElement> Answer(View view, string answer, int answerChars, int copyChars)
    {
        var (texts, resolved) = (view.Texts, view.Resolved!);
        return
        [
            new TextBlock(texts["Relay_Answer_Heading"]) { Weight = "Bolder", Spacing = "Medium" },
            CardBlocks.Plain(CardText.Truncate(answer, answerChars)),
            new TextInput(CardInputs.RelayAnswerCopy)
            {
                Label = texts["Relay_Input_Copy"],
                IsMultiline = true,
                Value = CardText.Inert(CardText.Truncate(answer, copyChars)),
            },
            .. copyChars < answer.Length ? [new TextBlock(texts["Relay_Answer_Shortened"]) { Color = "Attention" }] : Array.Empty<CardElement>(),
            CardBlocks.Plain(
                texts.Format(
                    "Relay_AnsweredBy",
                    CardText.Truncate(resolved.Actor.DisplayName, CardBudget.NameChars),
                    CardDepartment.NameOf(view.Departments, view.Complaint.DepartmentId),
                    clock.When(resolved.At, view.Now, texts.Culture)),
                subtle: true),
        ];
    }

    private IEnumerable<CardElement> Outcome(View view)
    {
        var texts = view.Texts;
        if (view.Resolved is null)
        {
            return [new TextBlock(texts["Relay_NoAnswer"])];
        }

        var decided = view.Outcome is { } kind ? view.Complaint.History.LastOrDefault(e => e.Kind == kind) : null;
        var when = decided is null ? string.Empty : clock.When(decided.At, view.Now, texts.Culture);
        return view.Outcome switch
        {
            ComplaintEventKind.Accepted => [Box(texts.Format("Relay_Outcome_Accepted", when), "Good")],
            ComplaintEventKind.SentBack =>
            [
                Box(texts.Format("Relay_Outcome_SentBack", when), "Warning",
                    CardBlocks.Plain(CardText.Truncate(decided?.Note ?? string.Empty, CardBudget.AnswerPreviewChars))),
            ],
            ComplaintEventKind.Reopened => [Box(texts["Relay_Outcome_Withdrawn"], "Warning")],
            _ => [],
        };
    }

    private static Container Box(string text, string style, params CardElement[] more) =>
        new([new TextBlock(text) { Weight = "Bolder" }, .. more]) { Style = style, Spacing = "Medium" };

    private static CardAction[] Buttons(View view)
    {
        var texts = view.Texts;
        // The version of the answer shown, not the complaint's: a decision counts only for exactly this answer.
        var data = CardData.ForComplaintAt(view.Complaint, RelayProgress.AnswerVersion(view.Complaint) ?? view.Complaint.Version);
        var comment = new TextInput(CardInputs.RelayComment)
        {
            Label = texts["Relay_Input_Comment"],
            IsMultiline = true,
            IsRequired = true,
            MaxLength = ComplaintLimits.MaxNoteLength,
            ErrorMessage = texts["Relay_Input_CommentRequired"],
        };
        return
        [
            new ExecuteAction(texts["Relay_Action_Accept"], CardVerbs.RelayAccept) { Data = data, AssociatedInputs = "none", Style = "positive" },
            new ShowCardAction(texts["Relay_Action_SendBack"], AdaptiveCard.Nested(
                [comment],
                [new ExecuteAction(texts["Relay_Action_SendBackConfirm"], CardVerbs.RelaySendBack) { Data = data, AssociatedInputs = "auto" }])),
        ];
    }

    private sealed record View(
        Complaint Complaint,
        Texts Texts,
        DateTimeOffset Now,
        IReadOnlyList<CardDepartment> Departments,
        ComplaintEvent? Resolved,
        ComplaintEventKind? Outcome,
        CardNotice? Notice);
}
