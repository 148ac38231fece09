namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>
/// Everything a complaint holds, as plain data for storage. No behaviour: build one with
/// <see cref="Complaint.ToSnapshot"/> and turn it back with <see cref="Complaint.FromSnapshot"/>.
/// </summary>
public sealed record ComplaintSnapshot
{
    public required string Id { get; init; }

    public required string Source { get; init; }

    public required string ExternalId { get; init; }

    /// <summary>SHA-256 of the submission (<see cref="ComplaintSubmission.ContentFingerprint"/>), for intake idempotency.</summary>
    public required string ContentFingerprint { get; init; }

    public required Network Network { get; init; }

    public required string AuthorHandle { get; init; }

    public required string Text { get; init; }

    public Uri? PostUrl { get; init; }

    public string? Language { get; init; }

    public required Priority Priority { get; init; }

    public string? Category { get; init; }

    public required string DepartmentId { get; init; }

    public Requester? Requester { get; init; }

    public Uri? CallbackUrl { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required ComplaintState State { get; init; }

    /// <summary>Equals the number of history entries.</summary>
    public required long Version { get; init; }

    public Person? Owner { get; init; }

    public string? AnswerDraft { get; init; }

    public ComplaintAnswer? Answer { get; init; }

    /// <summary>Channel cards in posting order; the last one is current when it is in <see cref="DepartmentId"/>.</summary>
    public IReadOnlyList<ChannelCard> Cards { get; init; } = [];

    public DeliveryFailure? DeliveryFailure { get; init; }

    public RelayStatus Relay { get; init; }

    public RelayCard? RelayCard { get; init; }

    public required IReadOnlyList<ComplaintEvent> History { get; init; }
}
