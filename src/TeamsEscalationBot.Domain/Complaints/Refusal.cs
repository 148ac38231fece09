namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>Why an operation was refused: a code for the program, an English reason for people, and the facts behind it.</summary>
public sealed record Refusal(RefusalCode Code, string Reason, ComplaintState State)
{
    /// <summary>The current owner, when it explains the refusal (AlreadyClaimed, AlreadyOwner).</summary>
    public string? OwnerDisplayName { get; init; }

    /// <summary>The department concerned (SameDepartment, DepartmentMismatch).</summary>
    public string? DepartmentId { get; init; }

    /// <summary>The limit that was reached (TextTooLong: characters; TooManyNotes: notes; HistoryFull: entries).</summary>
    public int? Limit { get; init; }
}
