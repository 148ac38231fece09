namespace TeamsEscalationBot.Cards;

/// <summary>
/// The verb of every <c>Action.Execute</c> on the bot's cards (<c>value.action.verb</c> of the
/// <c>adaptiveCard/action</c> invoke). Complaint verbs carry <see cref="CardDataKeys.ComplaintId"/> and
/// <see cref="CardDataKeys.Version"/> in their data.
/// </summary>
internal static class CardVerbs
{
    public const string Claim = "complaint.claim";
    public const string Unclaim = "complaint.unclaim";

    /// <summary>Input <see cref="CardInputs.Assignee"/>: the Entra object id of a person.</summary>
    public const string Assign = "complaint.assign";

    /// <summary>Inputs <see cref="CardInputs.ReassignDepartment"/> and <see cref="CardInputs.ReassignReason"/>.</summary>
    public const string Reassign = "complaint.reassign";

    /// <summary>Input <see cref="CardInputs.NoteText"/>.</summary>
    public const string Note = "complaint.note";

    /// <summary>Input <see cref="CardInputs.AnswerText"/>: saves it as the draft.</summary>
    public const string Draft = "complaint.draft";

    /// <summary>Input <see cref="CardInputs.AnswerText"/>: resolves with it (or with the saved draft when it is empty).</summary>
    public const string Resolve = "complaint.resolve";

    /// <summary>Optional input <see cref="CardInputs.ReopenNote"/>.</summary>
    public const string Reopen = "complaint.reopen";

    /// <summary>The card's <c>refresh</c> action; its data also has <see cref="CardDataKeys.DepartmentId"/> (whose channel shows the card).</summary>
    public const string Refresh = "complaint.refresh";

    /// <summary>"Status" on the intake confirmation and the list: show the complaint's card to the community manager.</summary>
    public const string Status = "complaint.status";

    /// <summary>The intake form (inputs <see cref="CardInputs"/> <c>Intake…</c>); no complaint yet, so no data.</summary>
    public const string IntakeSubmit = "intake.submit";

    public const string RelayAccept = "relay.accept";

    /// <summary>Input <see cref="CardInputs.RelayComment"/> (required).</summary>
    public const string RelaySendBack = "relay.sendBack";

    /// <summary>"Mark as handled" on a crisis alert card; data <c>crisisId</c>.</summary>
    public const string CrisisHandled = "crisis.handled";

    /// <summary>Every verb above, for handlers that route by verb and for tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Claim, Unclaim, Assign, Reassign, Note, Draft, Resolve, Reopen, Refresh, Status, IntakeSubmit, RelayAccept, RelaySendBack, CrisisHandled,
    ];
}
