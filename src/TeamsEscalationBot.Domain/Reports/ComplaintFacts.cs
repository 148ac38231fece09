using System.Text;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Reports;

/// <summary>
/// What the reports need to know about one complaint: when things happened to it, where it was, and how to link to
/// its card. Plain data, so the host may build it from stored rows or with <see cref="From"/>.
/// </summary>
public sealed record ComplaintFacts
{
    /// <summary>The longest <see cref="Gist"/> <see cref="From"/> produces, ellipsis included.</summary>
    public const int MaxGistLength = 120;

    public required string Id { get; init; }

    /// <summary>The department that holds it now.</summary>
    public required string DepartmentId { get; init; }

    /// <summary>
    /// The departments it entered, oldest first, each with when (the first is where it was routed). Empty when the
    /// complaint never moved: then <see cref="DepartmentId"/> held it all along.
    /// </summary>
    public IReadOnlyList<DepartmentChange> DepartmentHistory { get; init; } = [];

    public Priority Priority { get; init; } = Priority.Normal;

    public string? Category { get; init; }

    public Network Network { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was first claimed (or first assigned to someone).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>When it was first answered (resolved).</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    /// <summary>When it was closed; set only while it is closed (a reopened complaint is open again).</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    public ComplaintState State { get; init; }

    /// <summary>A short, single-line extract of the complaint for display.</summary>
    public string Gist { get; init; } = string.Empty;

    /// <summary>Its card in the current department's channel, when there is one.</summary>
    public CardLink? Card { get; init; }

    /// <summary>Service-level targets it missed, when service-level clocks are in use; empty otherwise.</summary>
    public IReadOnlyList<BreachFact> Breaches { get; init; } = [];

    /// <summary>When its next service-level target falls due, when service-level clocks are in use.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>
    /// The facts of a complaint, read from its history: first claim (Claimed or Assigned), first answer (Resolved),
    /// the last Accepted while it is Closed, and every department it was routed or reassigned to.
    /// </summary>
    public static ComplaintFacts From(Complaint complaint, IReadOnlyList<BreachFact>? breaches = null, DateTimeOffset? dueAt = null)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var history = complaint.History;
        return new ComplaintFacts
        {
            Id = complaint.Id,
            DepartmentId = complaint.DepartmentId,
            DepartmentHistory = [.. history
                .Where(e => e.Kind is ComplaintEventKind.Routed or ComplaintEventKind.Reassigned && e.DepartmentId is not null)
                .Select(e => new DepartmentChange(e.DepartmentId!, e.At))],
            Priority = complaint.Priority,
            Category = complaint.Category,
            Network = complaint.Network,
            ReceivedAt = history.Count > 0 ? history[0].At : complaint.CreatedAt,
            ClaimedAt = FirstAt(history, ComplaintEventKind.Claimed, ComplaintEventKind.Assigned),
            AnsweredAt = FirstAt(history, ComplaintEventKind.Resolved),
            ClosedAt = complaint.State == ComplaintState.Closed
                ? history.LastOrDefault(e => e.Kind == ComplaintEventKind.Accepted)?.At
                : null,
            State = complaint.State,
            Gist = ToGist(complaint.Text),
            Card = complaint.CurrentCard is { } card ? new CardLink(card.ConversationId, card.ActivityId) : null,
            Breaches = breaches ?? [],
            DueAt = dueAt,
        };
    }

    /// <summary>The text on one line (runs of white space become one space), cut to <see cref="MaxGistLength"/> with an ellipsis.</summary>
    public static string ToGist(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder(Math.Min(text.Length, MaxGistLength + 1));
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > MaxGistLength)
            {
                break;
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length <= MaxGistLength)
        {
            return line.ToString();
        }

        // Never cut a surrogate pair in half.
        var cut = MaxGistLength - 1;
        if (char.IsLowSurrogate(line[cut]))
        {
            cut--;
        }

        return line.ToString(0, cut).TrimEnd() + "…";
    }

    /// <summary>The department that held it at <paramref name="instant"/> (before it was received: where it was routed).</summary>
    internal string DepartmentAt(DateTimeOffset instant)
    {
        if (DepartmentHistory.Count == 0)
        {
            return DepartmentId;
        }

        var holder = DepartmentHistory[0].DepartmentId;
        foreach (var change in DepartmentHistory)
        {
            if (change.At > instant)
            {
                break;
            }

            holder = change.DepartmentId;
        }

        return holder;
    }

    /// <summary>Received before <paramref name="instant"/> and not closed by then.</summary>
    internal bool IsOpenAt(DateTimeOffset instant) => ReceivedAt < instant && (ClosedAt is null || ClosedAt >= instant);

    /// <summary>Since when it has been overdue at <paramref name="instant"/>: its due time or its first breach, whichever is earlier; null when it is not overdue.</summary>
    internal DateTimeOffset? OverdueSince(DateTimeOffset instant)
    {
        DateTimeOffset? since = DueAt is { } due && due <= instant ? due : null;
        foreach (var breach in Breaches)
        {
            if (breach.BreachedAt <= instant && (since is null || breach.BreachedAt < since))
            {
                since = breach.BreachedAt;
            }
        }

        return since;
    }

    private static DateTimeOffset? FirstAt(IReadOnlyList<ComplaintEvent> history, params ComplaintEventKind[] kinds) =>
        history.FirstOrDefault(e => kinds.Contains(e.Kind))?.At;
}
