using System.Collections.ObjectModel;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>
/// A complaint and its append-only history. Operations (Complaint.Lifecycle.cs) either append one event and
/// bump <see cref="Version"/>, or return a <see cref="Refusal"/> and change nothing. No I/O and no clock:
/// callers pass <c>now</c>.
/// </summary>
public sealed partial class Complaint
{
    private readonly List<ChannelCard> cards;
    private readonly List<ComplaintEvent> history;

    private Complaint(ComplaintSnapshot data)
    {
        Id = data.Id;
        Source = data.Source;
        ExternalId = data.ExternalId;
        ContentFingerprint = data.ContentFingerprint;
        Network = data.Network;
        AuthorHandle = data.AuthorHandle;
        Text = data.Text;
        PostUrl = data.PostUrl;
        Language = data.Language;
        Priority = data.Priority;
        Category = data.Category;
        DepartmentId = data.DepartmentId;
        Requester = data.Requester;
        CallbackUrl = data.CallbackUrl;
        CreatedAt = data.CreatedAt;
        State = data.State;
        Owner = data.Owner;
        AnswerDraft = data.AnswerDraft;
        Answer = data.Answer;
        cards = [.. data.Cards ?? []];
        DeliveryFailure = data.DeliveryFailure;
        Relay = data.Relay;
        RelayCard = data.RelayCard;
        history = [.. data.History];
        Cards = cards.AsReadOnly();
        History = history.AsReadOnly();
    }

    public string Id { get; }

    public string Source { get; }

    public string ExternalId { get; }

    /// <summary>The submission's <see cref="ComplaintSubmission.ContentFingerprint"/>, kept for intake idempotency.</summary>
    public string ContentFingerprint { get; }

    public Network Network { get; }

    public string AuthorHandle { get; }

    public string Text { get; }

    public Uri? PostUrl { get; }

    public string? Language { get; }

    public Priority Priority { get; }

    public string? Category { get; }

    /// <summary>The department that currently owns the complaint.</summary>
    public string DepartmentId { get; private set; }

    public Requester? Requester { get; }

    public Uri? CallbackUrl { get; }

    public DateTimeOffset CreatedAt { get; }

    public ComplaintState State { get; private set; }

    /// <summary>Number of changes so far (equals the number of history entries); 2 right after <see cref="Receive"/>.</summary>
    public long Version => history.Count;

    /// <summary>Set in Claimed, Answered and Closed; null in Received and Open.</summary>
    public Person? Owner { get; private set; }

    public string? AnswerDraft { get; private set; }

    /// <summary>Set in Answered and Closed.</summary>
    public ComplaintAnswer? Answer { get; private set; }

    /// <summary>Every channel card posted for it, oldest first.</summary>
    public ReadOnlyCollection<ChannelCard> Cards { get; }

    /// <summary>The last card, when it is in the current department (after a reassign the old card is no longer current).</summary>
    public ChannelCard? CurrentCard =>
        cards.Count > 0 && SameDepartment(cards[^1].DepartmentId, DepartmentId) ? cards[^1] : null;

    /// <summary>Set when posting its card failed for good; cleared when a card is posted or it is reassigned.</summary>
    public DeliveryFailure? DeliveryFailure { get; private set; }

    public RelayStatus Relay { get; private set; }

    public RelayCard? RelayCard { get; private set; }

    public ReadOnlyCollection<ComplaintEvent> History { get; }

    /// <summary>
    /// Creates a complaint in Received with two events: Received (by <paramref name="receivedBy"/>) and Routed
    /// (the routing decision, its rule and explanation). The submission must be valid (intake validates it first).
    /// </summary>
    public static Complaint Receive(
        string id, ComplaintSubmission submission, RoutingDecision routing, Actor receivedBy, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(receivedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(routing.DepartmentId, nameof(routing));
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(
                "The submission is not valid: " + string.Join(" ", errors.Select(e => e.Message)), nameof(submission));
        }

        var complaint = new Complaint(NewSnapshot(id, submission, routing.DepartmentId, now));
        complaint.Append(new ComplaintEvent
        {
            At = now,
            Actor = receivedBy,
            Kind = ComplaintEventKind.Received,
            FromState = ComplaintState.Received,
            ToState = ComplaintState.Received,
            Note = $"Received from {submission.Source} ({submission.Network}).",
        });
        complaint.Append(new ComplaintEvent
        {
            At = now,
            Actor = Actor.Service,
            Kind = ComplaintEventKind.Routed,
            FromState = ComplaintState.Received,
            ToState = ComplaintState.Received,
            Note = routing.Explanation,
            DepartmentId = routing.DepartmentId,
            RoutingRule = routing.Rule,
            MatchedKeywords = [.. routing.MatchedKeywords],
        });
        return complaint;
    }

    /// <summary>A copy of everything it holds, as plain data for storage.</summary>
    public ComplaintSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Source = Source,
        ExternalId = ExternalId,
        ContentFingerprint = ContentFingerprint,
        Network = Network,
        AuthorHandle = AuthorHandle,
        Text = Text,
        PostUrl = PostUrl,
        Language = Language,
        Priority = Priority,
        Category = Category,
        DepartmentId = DepartmentId,
        Requester = Requester,
        CallbackUrl = CallbackUrl,
        CreatedAt = CreatedAt,
        State = State,
        Version = Version,
        Owner = Owner,
        AnswerDraft = AnswerDraft,
        Answer = Answer,
        Cards = [.. cards],
        DeliveryFailure = DeliveryFailure,
        Relay = Relay,
        RelayCard = RelayCard,
        History = [.. history],
    };

    /// <summary>
    /// Rebuilds a complaint from storage. Throws <see cref="ArgumentException"/> when the snapshot is inconsistent
    /// (missing required data, no history, or a state or version that does not match the history).
    /// </summary>
    public static Complaint FromSnapshot(ComplaintSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var problem = FindInconsistency(snapshot);
        if (problem is not null)
        {
            throw new ArgumentException($"Complaint snapshot '{snapshot.Id}' is inconsistent: {problem}", nameof(snapshot));
        }

        return new Complaint(snapshot);
    }

    private static string? FindInconsistency(ComplaintSnapshot snapshot)
    {
        string?[] required =
        [
            snapshot.Id, snapshot.Source, snapshot.ExternalId, snapshot.ContentFingerprint,
            snapshot.AuthorHandle, snapshot.Text, snapshot.DepartmentId,
        ];
        if (required.Any(string.IsNullOrWhiteSpace))
        {
            return "a required field (id, source, externalId, contentFingerprint, authorHandle, text, departmentId) is empty.";
        }

        if (snapshot.History is null || snapshot.History.Count == 0)
        {
            return "it has no history.";
        }

        if (snapshot.Version != snapshot.History.Count)
        {
            return $"version {snapshot.Version} does not match {snapshot.History.Count} history entries.";
        }

        return snapshot.State == snapshot.History[^1].ToState
            ? null
            : $"state {snapshot.State} does not match the last event ({snapshot.History[^1].ToState}).";
    }

    private static ComplaintSnapshot NewSnapshot(
        string id, ComplaintSubmission submission, string departmentId, DateTimeOffset now) => new()
    {
        Id = id,
        Source = submission.Source,
        ExternalId = submission.ExternalId,
        ContentFingerprint = submission.ContentFingerprint(),
        Network = submission.Network,
        AuthorHandle = submission.AuthorHandle,
        Text = submission.Text,
        PostUrl = submission.PostUrl,
        Language = submission.Language,
        Priority = submission.Priority,
        Category = submission.Category,
        DepartmentId = departmentId,
        Requester = submission.Requester is { AadObjectId: null } sent && submission.ResolvedRequesterAadObjectId is { } resolved
            ? sent with { AadObjectId = resolved }
            : submission.Requester,
        CallbackUrl = submission.CallbackUrl,
        CreatedAt = now,
        State = ComplaintState.Received,
        Version = 0,
        History = [],
    };

    private static bool SameDepartment(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private TransitionResult Append(ComplaintEvent appended)
    {
        history.Add(appended);
        State = appended.ToState;
        return TransitionResult.Success(appended);
    }
}
