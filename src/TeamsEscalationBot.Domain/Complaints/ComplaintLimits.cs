namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>
/// Length and count limits shared by the domain, intake validation and the cards: every string that comes from outside
/// has a maximum, and so has what a complaint can collect, so its stored document and its API view stay bounded.
/// docs/security-limits.md lists them with the answer given beyond each.
/// </summary>
public static class ComplaintLimits
{
    /// <summary>Drafts and answers: the reply that goes to the customer.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>The complaint text itself, as the intake contract states.</summary>
    public const int MaxComplaintTextLength = 10_000;

    /// <summary>Internal notes, reassign reasons, reopen notes and send-back comments: each one history entry.</summary>
    public const int MaxNoteLength = 4_000;

    /// <summary>Internal notes on one complaint; past it, notes are refused with <see cref="RefusalCode.TooManyNotes"/>.</summary>
    public const int MaxNotes = 200;

    /// <summary>
    /// History entries people can add to one complaint; past it, only resolving and accepting (which end the work) are
    /// allowed, refused otherwise with <see cref="RefusalCode.HistoryFull"/>. The bot's own bookkeeping (cards, relay,
    /// callbacks) is always recorded: it follows from those actions and is bounded by them.
    /// </summary>
    public const int MaxHistoryEvents = 1_000;

    /// <summary>Source, external id, author handle, category, department id, and the choice words (network, priority).</summary>
    public const int MaxShortFieldLength = 200;

    /// <summary>A person's display name or user principal name (Entra allows display names of up to 256 characters).</summary>
    public const int MaxNameLength = 256;

    /// <summary>A BCP 47 tag is at most 35 characters in practice.</summary>
    public const int MaxLanguageLength = 35;

    public const int MaxUrlLength = 2_048;
}
