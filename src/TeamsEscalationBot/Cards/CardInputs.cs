namespace TeamsEscalationBot.Cards;

/// <summary>Ids of the inputs on the bot's cards: the keys of their values in the invoke's <c>action.data</c>.</summary>
internal static class CardInputs
{
    /// <summary>People picker: the Entra object id of the chosen person.</summary>
    public const string Assignee = "assignee";

    /// <summary>The id of the department to move the complaint to.</summary>
    public const string ReassignDepartment = "reassignDepartment";

    public const string ReassignReason = "reassignReason";
    public const string NoteText = "noteText";

    /// <summary>The answer text, prefilled with the saved draft; sent by Save draft and by Resolve.</summary>
    public const string AnswerText = "answerText";

    public const string ReopenNote = "reopenNote";

    public const string IntakeText = "intakeText";
    public const string IntakeLink = "intakeLink";
    public const string IntakeAuthor = "intakeAuthor";

    /// <summary>One of <see cref="Features.Complaints.IntakeChoices.NetworkValue"/>.</summary>
    public const string IntakeNetwork = "intakeNetwork";

    /// <summary>One of <see cref="Features.Complaints.IntakeChoices.PriorityValue"/>.</summary>
    public const string IntakePriority = "intakePriority";

    /// <summary>A department id, or <see cref="Features.Complaints.IntakeChoices.DecideForMe"/>.</summary>
    public const string IntakeDepartment = "intakeDepartment";

    public const string IntakeCategory = "intakeCategory";

    /// <summary>Data (not an input) of the intake form's submit: one id per form, so submitting it twice creates one complaint.</summary>
    public const string IntakeSubmissionId = "intakeId";

    public const string RelayComment = "relayComment";

    /// <summary>The agreed answer in a text box, only to make copying easy; not meant to be read back.</summary>
    public const string RelayAnswerCopy = "relayAnswerCopy";
}

/// <summary>Keys of the fixed data every complaint action carries.</summary>
internal static class CardDataKeys
{
    public const string ComplaintId = "complaintId";

    /// <summary>The complaint's version the viewer saw; a handler compares it to detect a stale card.</summary>
    public const string Version = "version";

    /// <summary>Refresh only: the department whose channel shows the card.</summary>
    public const string DepartmentId = "departmentId";
}
