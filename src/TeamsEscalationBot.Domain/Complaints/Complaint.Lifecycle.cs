using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.Domain.Complaints;

// The operations of the lifecycle. Each checks its rule, then either appends exactly one event or refuses
// without changing anything. Permission (who may do what) is the host's job, not the domain's.
public sealed partial class Complaint
{
    /// <summary>Received → Open: the card was posted in the current department's channel.</summary>
    public TransitionResult RecordCardPosted(ChannelCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (State != ComplaintState.Received)
        {
            return Illegal("record a posted card for");
        }

        if (!SameDepartment(card.DepartmentId, DepartmentId))
        {
            return Refuse(
                RefusalCode.DepartmentMismatch,
                $"The card was posted for department '{card.DepartmentId}' but the complaint is now in '{DepartmentId}'.",
                departmentId: card.DepartmentId);
        }

        var posted = NewEvent(ComplaintEventKind.CardPosted, Actor.Service, ComplaintState.Open, now) with
        {
            DepartmentId = card.DepartmentId,
            ConversationId = card.ConversationId,
            ActivityId = card.ActivityId,
        };
        cards.Add(card);
        DeliveryFailure = null;
        return Append(posted);
    }

    /// <summary>Stays Received: posting the card failed for good.</summary>
    public TransitionResult RecordCardPostFailed(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (State != ComplaintState.Received)
        {
            return Illegal("record a failed card for");
        }

        DeliveryFailure = new DeliveryFailure(reason, now);
        return Append(NewEvent(ComplaintEventKind.CardPostFailed, Actor.Service, State, now) with
        {
            Note = reason,
            DepartmentId = DepartmentId,
        });
    }

    /// <summary>Open → Claimed, owned by <paramref name="actor"/>. Refused with AlreadyClaimed (naming the owner) when Claimed.</summary>
    public TransitionResult Claim(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State == ComplaintState.Claimed && Owner is not null)
        {
            return Refuse(
                RefusalCode.AlreadyClaimed, $"{Owner.DisplayName} has already claimed this complaint.", Owner.DisplayName);
        }

        if (State != ComplaintState.Open)
        {
            return Illegal("claim");
        }

        if (HistoryFull() is { } full)
        {
            return full;
        }

        Owner = actor.ToPerson();
        return Append(NewEvent(ComplaintEventKind.Claimed, actor, ComplaintState.Claimed, now) with { Assignee = Owner });
    }

    /// <summary>Claimed → Open; the owner is cleared, the draft kept.</summary>
    public TransitionResult Unclaim(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State != ComplaintState.Claimed)
        {
            return Illegal("unclaim");
        }

        if (HistoryFull() is { } full)
        {
            return full;
        }

        var unclaimed = NewEvent(ComplaintEventKind.Unclaimed, actor, ComplaintState.Open, now) with { PreviousOwner = Owner };
        Owner = null;
        return Append(unclaimed);
    }

    /// <summary>Open or Claimed → Claimed, owned by <paramref name="assignee"/>. Refused with AlreadyOwner when they own it already.</summary>
    public TransitionResult Assign(Actor actor, Person assignee, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(assignee);
        if (State is not (ComplaintState.Open or ComplaintState.Claimed))
        {
            return Illegal("assign");
        }

        if (Owner is not null && Owner.IsSamePerson(assignee))
        {
            return Refuse(RefusalCode.AlreadyOwner, $"{Owner.DisplayName} already owns this complaint.", Owner.DisplayName);
        }

        if (HistoryFull() is { } full)
        {
            return full;
        }

        var assigned = NewEvent(ComplaintEventKind.Assigned, actor, ComplaintState.Claimed, now) with
        {
            Assignee = assignee,
            PreviousOwner = Owner,
        };
        Owner = assignee;
        return Append(assigned);
    }

    /// <summary>
    /// Open or Claimed → Received in <paramref name="toDepartmentId"/>: owner and draft cleared, reason required.
    /// The new department's card is recorded later with <see cref="RecordCardPosted"/>.
    /// Whether the department exists is the caller's check (see ComplaintRouter.FindDepartment).
    /// </summary>
    public TransitionResult Reassign(Actor actor, string toDepartmentId, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(toDepartmentId);
        if (State is not (ComplaintState.Open or ComplaintState.Claimed))
        {
            return Illegal("reassign");
        }

        if (SameDepartment(toDepartmentId, DepartmentId))
        {
            return Refuse(
                RefusalCode.SameDepartment,
                $"The complaint is already in department '{DepartmentId}'.",
                departmentId: DepartmentId);
        }

        if ((HistoryFull() ?? CheckText(reason, "A reason", ComplaintLimits.MaxNoteLength)) is { } refused)
        {
            return refused;
        }

        var reassigned = NewEvent(ComplaintEventKind.Reassigned, actor, ComplaintState.Received, now) with
        {
            Note = reason.Trim(),
            DepartmentId = toDepartmentId,
            FromDepartmentId = DepartmentId,
            PreviousOwner = Owner,
        };
        DepartmentId = toDepartmentId;
        Owner = null;
        AnswerDraft = null;
        DeliveryFailure = null;
        return Append(reassigned);
    }

    /// <summary>Any state but Closed, no state change: an internal note.</summary>
    public TransitionResult AddNote(Actor actor, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State == ComplaintState.Closed)
        {
            return Illegal("add a note to");
        }

        return HistoryFull() ?? TooManyNotes() ?? CheckText(text, "A note", ComplaintLimits.MaxNoteLength)
            ?? Append(NewEvent(ComplaintEventKind.NoteAdded, actor, State, now) with { Note = text.Trim() });
    }

    /// <summary>Claimed only, no state change: saves the answer draft.</summary>
    public TransitionResult SaveDraft(Actor actor, string text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State != ComplaintState.Claimed)
        {
            return Illegal("save a draft for");
        }

        if ((HistoryFull() ?? CheckText(text, "A draft", ComplaintLimits.MaxTextLength)) is { } refused)
        {
            return refused;
        }

        AnswerDraft = text.Trim();
        return Append(NewEvent(ComplaintEventKind.DraftSaved, actor, State, now));
    }

    /// <summary>
    /// Claimed → Answered with <paramref name="answerText"/>, or with the saved draft when no text is given.
    /// Records the answer, clears the draft and sets the relay to Pending.
    /// </summary>
    public TransitionResult Resolve(Actor actor, string? answerText, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State != ComplaintState.Claimed)
        {
            return Illegal("resolve");
        }

        var text = string.IsNullOrWhiteSpace(answerText) ? AnswerDraft : answerText;
        if (CheckText(text, "An answer (or a saved draft)", ComplaintLimits.MaxTextLength) is { } refused)
        {
            return refused;
        }

        Answer = new ComplaintAnswer(text!.Trim(), actor, now);
        AnswerDraft = null;
        Relay = RelayStatus.Pending;
        return Append(NewEvent(ComplaintEventKind.Resolved, actor, ComplaintState.Answered, now) with { Note = Answer.Text });
    }

    /// <summary>Answered → Closed: the requester accepts the answer.</summary>
    public TransitionResult Accept(Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State != ComplaintState.Answered)
        {
            return Illegal("accept");
        }

        Relay = RelayStatus.Accepted;
        return Append(NewEvent(ComplaintEventKind.Accepted, actor, ComplaintState.Closed, now));
    }

    /// <summary>Answered → Claimed: the requester sends the answer back with a comment; owner kept, answer back in the draft.</summary>
    public TransitionResult SendBack(Actor actor, string comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State != ComplaintState.Answered)
        {
            return Illegal("send back");
        }

        if ((HistoryFull() ?? CheckText(comment, "A comment", ComplaintLimits.MaxNoteLength)) is { } refused)
        {
            return refused;
        }

        var sentBack = NewEvent(ComplaintEventKind.SentBack, actor, ComplaintState.Claimed, now) with { Note = comment.Trim() };
        WithdrawAnswer();
        Relay = RelayStatus.SentBack;
        return Append(sentBack);
    }

    /// <summary>
    /// Answered → Claimed: the department withdraws its answer before the requester decides (owner kept, answer back
    /// in the draft, relay Withdrawn). Closed → Open: owner cleared, the old answer becomes the draft, relay None.
    /// </summary>
    public TransitionResult Reopen(Actor actor, string? note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (State is not (ComplaintState.Answered or ComplaintState.Closed))
        {
            return Illegal("reopen");
        }

        if ((HistoryFull() ?? (string.IsNullOrWhiteSpace(note) ? null : CheckText(note, "A note", ComplaintLimits.MaxNoteLength))) is { } refused)
        {
            return refused;
        }

        var closed = State == ComplaintState.Closed;
        var reopened = NewEvent(ComplaintEventKind.Reopened, actor, closed ? ComplaintState.Open : ComplaintState.Claimed, now) with
        {
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            PreviousOwner = closed ? Owner : null,
        };
        WithdrawAnswer();
        Relay = closed ? RelayStatus.None : RelayStatus.Withdrawn;
        if (closed)
        {
            Owner = null;
        }

        return Append(reopened);
    }

    /// <summary>
    /// No state change: the relay card reached the requester. Allowed while a relay is Pending or Failed (→ Delivered)
    /// or Withdrawn (stays Withdrawn, so the relay feature knows the delivered card is stale).
    /// </summary>
    public TransitionResult RecordRelayDelivered(string conversationId, string activityId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        if (!RelayInFlight)
        {
            return IllegalRelay("delivered");
        }

        RelayCard = new RelayCard(conversationId, activityId);
        Relay = Relay == RelayStatus.Withdrawn ? RelayStatus.Withdrawn : RelayStatus.Delivered;
        return Append(NewEvent(ComplaintEventKind.RelayDelivered, Actor.Service, State, now) with
        {
            ConversationId = conversationId,
            ActivityId = activityId,
        });
    }

    /// <summary>
    /// No state change: one more copy of the answer reached a person it was sent to (the answer goes to several people
    /// when nobody asked for it by name). Allowed only while the relay is Delivered (the first copy was recorded with
    /// <see cref="RecordRelayDelivered"/>); <see cref="RelayCard"/> keeps the first copy.
    /// </summary>
    public TransitionResult RecordRelayCopyDelivered(string conversationId, string activityId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        if (Relay != RelayStatus.Delivered)
        {
            return Refuse(RefusalCode.IllegalTransition, $"Another copy of the answer can be recorded only after the first one was delivered (relay is {Relay}).");
        }

        return Append(NewEvent(ComplaintEventKind.RelayDelivered, Actor.Service, State, now) with
        {
            ConversationId = conversationId,
            ActivityId = activityId,
        });
    }

    /// <summary>
    /// No state change: relaying the answer failed. Allowed while a relay is Pending, Failed or Withdrawn.
    /// <paramref name="postedInstead"/>: where the answer card was posted instead (the department's thread), if anywhere.
    /// </summary>
    public TransitionResult RecordRelayFailed(string reason, DateTimeOffset now, RelayCard? postedInstead = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!RelayInFlight)
        {
            return IllegalRelay("failed");
        }

        Relay = Relay == RelayStatus.Withdrawn ? RelayStatus.Withdrawn : RelayStatus.Failed;
        return Append(NewEvent(ComplaintEventKind.RelayFailed, Actor.Service, State, now) with
        {
            Note = reason,
            ConversationId = postedInstead?.ConversationId,
            ActivityId = postedInstead?.ActivityId,
        });
    }

    /// <summary>No state change: the source's callback URL was told the outcome. Refused when there is no callback URL.</summary>
    public TransitionResult RecordCallbackDelivered(string? note, long sentVersion, DateTimeOffset now) =>
        RecordCallback(ComplaintEventKind.CallbackDelivered, string.IsNullOrWhiteSpace(note) ? null : note, now, sentVersion);

    /// <summary>No state change: calling the source's callback URL failed. Refused when there is no callback URL.</summary>
    public TransitionResult RecordCallbackFailed(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return RecordCallback(ComplaintEventKind.CallbackFailed, reason, now);
    }

    /// <summary>
    /// No state change: a service-level escalation step was taken (<paramref name="step"/> names who was told) or
    /// skipped (nobody told, <paramref name="skipReason"/> says why). Refused when the current clock already records
    /// that target and level: each step happens once per clock. Always allowed otherwise: it is the bot's bookkeeping.
    /// </summary>
    public TransitionResult RecordEscalation(EscalationStep step, string? skipReason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (SlaEscalations.IsRecorded(History, step.Target, step.Level))
        {
            return Refuse(RefusalCode.IllegalTransition, $"The {step.Level} step of the {step.Target} target is already recorded for this clock.");
        }

        return Append(NewEvent(ComplaintEventKind.Escalated, Actor.Service, State, now) with
        {
            Escalation = step with { Told = [.. step.Told] },
            Note = string.IsNullOrWhiteSpace(skipReason) ? null : skipReason.Trim(),
            DepartmentId = DepartmentId,
        });
    }

    /// <summary>
    /// No state change: <paramref name="personId"/>, told by the escalation step at history entry
    /// <paramref name="stepVersion"/>, could not be reached (<paramref name="reason"/>). Recorded once per person and step.
    /// </summary>
    public TransitionResult RecordEscalationNotDelivered(long stepVersion, string personId, string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (stepVersion < 1 || stepVersion > Version || history[(int)stepVersion - 1] is not { Kind: ComplaintEventKind.Escalated, Escalation: { } step })
        {
            return Refuse(RefusalCode.IllegalTransition, $"History entry {stepVersion} is not an escalation step.");
        }

        var again = history.Skip((int)stepVersion).Any(e => e.Kind == ComplaintEventKind.EscalationNotDelivered
            && e.Escalation is { } other && other.Target == step.Target && other.Level == step.Level
            && other.Told.Contains(personId, StringComparer.OrdinalIgnoreCase));
        if (again)
        {
            return Refuse(RefusalCode.IllegalTransition, "That person is already recorded as not reached for this step.");
        }

        return Append(NewEvent(ComplaintEventKind.EscalationNotDelivered, Actor.Service, State, now) with
        {
            Escalation = step with { Told = [personId] },
            Note = reason.Trim(),
        });
    }

    private bool RelayInFlight => Relay is RelayStatus.Pending or RelayStatus.Failed or RelayStatus.Withdrawn;

    private TransitionResult RecordCallback(ComplaintEventKind kind, string? note, DateTimeOffset now, long? sentVersion = null)
    {
        if (CallbackUrl is null)
        {
            return Refuse(RefusalCode.IllegalTransition, "This complaint has no callback URL.");
        }

        return Append(NewEvent(kind, Actor.Service, State, now) with { Note = note, SentVersion = sentVersion });
    }

    private void WithdrawAnswer()
    {
        AnswerDraft = Answer?.Text ?? AnswerDraft;
        Answer = null;
    }

    private ComplaintEvent NewEvent(ComplaintEventKind kind, Actor actor, ComplaintState toState, DateTimeOffset now) => new()
    {
        At = now,
        Actor = actor,
        Kind = kind,
        FromState = State,
        ToState = toState,
    };

    private TransitionResult? CheckText(string? text, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Refuse(RefusalCode.TextRequired, $"{what} is required.");
        }

        return text.Trim().Length > maxLength
            ? Refuse(RefusalCode.TextTooLong, $"{what} must be at most {maxLength} characters.", limit: maxLength)
            : null;
    }

    /// <summary>Refused once the history holds <see cref="ComplaintLimits.MaxHistoryEvents"/> entries: the document stays bounded.</summary>
    private TransitionResult? HistoryFull() =>
        History.Count >= ComplaintLimits.MaxHistoryEvents
            ? Refuse(
                RefusalCode.HistoryFull,
                $"This complaint's history is full ({ComplaintLimits.MaxHistoryEvents} entries): it can only be resolved or accepted now.",
                limit: ComplaintLimits.MaxHistoryEvents)
            : null;

    private TransitionResult? TooManyNotes() =>
        History.Count(e => e.Kind == ComplaintEventKind.NoteAdded) >= ComplaintLimits.MaxNotes
            ? Refuse(RefusalCode.TooManyNotes, $"This complaint already has {ComplaintLimits.MaxNotes} notes, the most it can hold.", limit: ComplaintLimits.MaxNotes)
            : null;

    private TransitionResult Illegal(string operation) =>
        Refuse(RefusalCode.IllegalTransition, $"You cannot {operation} a complaint that is {Describe(State)}.");

    private TransitionResult IllegalRelay(string outcome) =>
        Refuse(RefusalCode.IllegalTransition, $"No answer is being relayed (relay is {Relay}), so it cannot have {outcome}.");

    private TransitionResult Refuse(
        RefusalCode code, string reason, string? ownerDisplayName = null, string? departmentId = null, int? limit = null) =>
        TransitionResult.Refused(new Refusal(code, reason, State)
        {
            OwnerDisplayName = ownerDisplayName,
            DepartmentId = departmentId,
            Limit = limit,
        });

    private static string Describe(ComplaintState state) => state switch
    {
        ComplaintState.Received => "not yet posted to its department",
        ComplaintState.Open => "open",
        ComplaintState.Claimed => "claimed",
        ComplaintState.Answered => "answered",
        ComplaintState.Closed => "closed",
        _ => state.ToString(),
    };
}
