using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// Durable complaints with their outbox. Contract (the same contract tests run against every implementation):
/// <list type="bullet">
/// <item>(Source, ExternalId) is unique and exact (case-sensitive): a second create is <see cref="CreateOutcome.Duplicate"/>
/// with the stored complaint, and its outbox items are not written.</item>
/// <item>The complaint and its outbox items are written in one durable step: both or neither.</item>
/// <item>Updates are optimistic: the stored version must equal <c>expectedVersion</c>, so of N concurrent updates from
/// the same version exactly one wins; the others get <see cref="UpdateOutcome.Conflict"/> with the current complaint.</item>
/// <item>Lists are ordered by <see cref="Complaint.Id"/> (ordinal), so use time-ordered ids (e.g. Guid v7) to list in
/// creation order. Department and requester filters ignore case, like the domain.</item>
/// <item>Complaint ids are 1-128 characters of letters, digits and <c>- _ . :</c> (they name blobs on Azure).</item>
/// </list>
/// </summary>
internal interface IComplaintStore
{
    Task<CreateComplaintResult> CreateAsync(Complaint complaint, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken);

    Task<Complaint?> GetAsync(string id, CancellationToken cancellationToken);

    Task<Complaint?> FindByExternalIdAsync(string source, string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="complaint"/> (already changed by domain operations) if the stored version is still
    /// <paramref name="expectedVersion"/>, and adds <paramref name="outbox"/> items in the same write.
    /// </summary>
    Task<UpdateComplaintResult> UpdateAsync(
        Complaint complaint, long expectedVersion, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken);

    Task<ComplaintPage> ListAsync(ComplaintQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The complaints whose id starts with <paramref name="prefix"/> (ordinal: exact case), the first
    /// <paramref name="limit"/> of them in id order, and how many there are in all. The prefix follows the id rules
    /// (a prefix of a valid id is itself a valid id); <paramref name="limit"/> is 1 to <see cref="ComplaintQuery.MaxPageSize"/>.
    /// Stores find them through their id order (an index range, a blob name prefix), never by reading every complaint.
    /// </summary>
    Task<ComplaintIdMatches> FindByIdPrefixAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Service levels: the complaints whose band changes at or before <paramref name="before"/> if nothing happens
    /// (<see cref="SlaRecord.NextDueAt"/>), soonest first (then by id), at most <paramref name="limit"/> (1 to
    /// <see cref="ComplaintQuery.MaxPageSize"/>). Found through the indexed instant, never by reading every complaint;
    /// what a scheduler wakes up for.
    /// </summary>
    Task<IReadOnlyList<Complaint>> ListDueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);

    // --- Reports ---

    /// <summary>
    /// Every complaint something happened to at or after <paramref name="activeSince"/> (its latest history entry is
    /// that late), and every complaint not Closed however long it has been quiet: all a report on periods from
    /// <paramref name="activeSince"/> on needs (docs/reports.md). Each complaint once, in no promised order, streamed
    /// as it is read. Stores find them through an index on the latest activity and the state, never by reading every
    /// complaint.
    /// </summary>
    IAsyncEnumerable<Complaint> ListActiveSinceAsync(DateTimeOffset activeSince, CancellationToken cancellationToken);
}

internal enum CreateOutcome
{
    Created,
    Duplicate,
}

/// <summary>Created: <see cref="Complaint"/> is the one passed in. Duplicate: it is the stored one with the same key.</summary>
internal sealed record CreateComplaintResult(CreateOutcome Outcome, Complaint Complaint);

internal enum UpdateOutcome
{
    Updated,
    Conflict,
    NotFound,
}

/// <summary>Updated: <see cref="Current"/> is the stored complaint. Conflict: the complaint as stored now. NotFound: null.</summary>
internal sealed record UpdateComplaintResult(UpdateOutcome Outcome, Complaint? Current);

/// <summary>A filter (all given conditions must hold) and a page request.</summary>
internal sealed record ComplaintQuery
{
    public const int MaxPageSize = 100;

    public ComplaintState? State { get; init; }

    public string? DepartmentId { get; init; }

    public string? RequesterAadObjectId { get; init; }

    /// <summary>Service levels: only complaints past a target at this instant (<see cref="SlaRecord.OverdueAt"/> at or before it).</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Service levels: only complaints due soon or past a target at this instant (<see cref="SlaRecord.DueSoonAt"/> at or before it).</summary>
    public DateTimeOffset? DueSoonAt { get; init; }

    /// <summary>The <see cref="ComplaintPage.NextCursor"/> of the previous page; null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 50;
}

/// <summary>The first complaints whose id starts with a prefix, in id order, and how many ids start with it.</summary>
internal sealed record ComplaintIdMatches(IReadOnlyList<Complaint> Items, int Total);

/// <summary>
/// One page, ordered by id. <see cref="NextCursor"/> is null on the last page (a page before it may hold fewer than
/// PageSize items). <see cref="ComplaintsRead"/> is how many stored complaints the call read to build the page.
/// </summary>
internal sealed record ComplaintPage(IReadOnlyList<Complaint> Items, string? NextCursor, int ComplaintsRead);
