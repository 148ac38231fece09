namespace TeamsEscalationBot.Domain.Complaints;

public enum RefusalCode
{
    /// <summary>The operation does not apply in the complaint's current state.</summary>
    IllegalTransition,

    /// <summary>Someone already owns it; the refusal names them.</summary>
    AlreadyClaimed,

    /// <summary>Assign to the person who already owns it.</summary>
    AlreadyOwner,

    /// <summary>Reassign to the department it is already in.</summary>
    SameDepartment,

    /// <summary>A card was posted for a department the complaint is no longer in (it was reassigned meanwhile).</summary>
    DepartmentMismatch,

    /// <summary>A note, reason, comment, draft or answer is required and was empty.</summary>
    TextRequired,

    /// <summary>The text is longer than its limit (<see cref="Refusal.Limit"/>: a note's or an answer's).</summary>
    TextTooLong,

    /// <summary>The complaint already has <see cref="ComplaintLimits.MaxNotes"/> notes.</summary>
    TooManyNotes,

    /// <summary>The complaint's history holds <see cref="ComplaintLimits.MaxHistoryEvents"/> entries: only resolving and accepting remain.</summary>
    HistoryFull,
}
