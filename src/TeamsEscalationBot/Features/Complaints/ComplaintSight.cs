using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>How much of a complaint a person may see (docs/security.md#who-sees-what-who-decides-what); <see cref="ComplaintAccess"/> decides it.</summary>
internal enum ComplaintVisibility
{
    /// <summary>That the complaint exists: its id, state and department. Nothing it says, nobody's name.</summary>
    Outsider,

    /// <summary>
    /// A member of a department the complaint was reassigned away from: the complaint as that department last had it,
    /// its history up to the move out (their own notes included), and its state and department now.
    /// </summary>
    FormerDepartment,

    /// <summary>
    /// The community manager who asked for it, or one its answer was sent to: the text, the state, the department, the
    /// owner's name and the agreed answer. Never internal notes, drafts, reasons or who wrote them.
    /// </summary>
    Requester,

    /// <summary>A member of the department that owns the complaint: everything, and the actions.</summary>
    Department,
}

/// <summary>A person who looks at a complaint: their Entra object id, and the conversation they look from, if any.</summary>
internal sealed record ComplaintViewer(string? AadObjectId, string? ConversationId = null);

/// <summary>One person's view of one complaint, and what of its history that view shows.</summary>
internal sealed record ComplaintSight(ComplaintVisibility Visibility)
{
    public static ComplaintSight Department { get; } = new(ComplaintVisibility.Department);

    public static ComplaintSight Requester { get; } = new(ComplaintVisibility.Requester);

    public static ComplaintSight Outsider { get; } = new(ComplaintVisibility.Outsider);

    /// <summary>FormerDepartment: the departments of the viewer that the complaint left.</summary>
    public IReadOnlyList<string> FormerDepartmentIds { get; init; } = [];

    /// <summary>
    /// The directory could not answer: the view is only what is known without it (never Department or
    /// FormerDepartment), and the viewer is asked to try again.
    /// </summary>
    public bool DirectoryUnavailable { get; init; }

    public bool IsDepartment => Visibility == ComplaintVisibility.Department;

    /// <summary>The complaint's text, author and link: everyone but an outsider.</summary>
    public bool ShowsText => Visibility != ComplaintVisibility.Outsider;

    public static ComplaintSight FormerDepartment(IEnumerable<string> departmentIds) =>
        new(ComplaintVisibility.FormerDepartment) { FormerDepartmentIds = [.. departmentIds] };

    /// <summary>
    /// The history entries this view may read, as they may be read: everything for the department; for the requester
    /// no notes or drafts and no note text but their own side's send-back comment; for a former department everything
    /// up to the last time the complaint left one of theirs; nothing for an outsider.
    /// </summary>
    public IReadOnlyList<ComplaintEvent> History(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Visibility switch
        {
            ComplaintVisibility.Department => complaint.History,
            ComplaintVisibility.Requester =>
            [
                .. complaint.History
                    .Where(e => e.Kind is not (ComplaintEventKind.NoteAdded or ComplaintEventKind.DraftSaved))
                    .Select(e => e.Kind == ComplaintEventKind.SentBack ? e : e with { Note = null }),
            ],
            ComplaintVisibility.FormerDepartment => [.. complaint.History.Take(LastMoveOut(complaint) + 1)],
            _ => [],
        };
    }

    /// <summary>The position of the last reassignment out of one of <see cref="FormerDepartmentIds"/>; -1 when there is none.</summary>
    private int LastMoveOut(Complaint complaint)
    {
        for (var i = complaint.History.Count - 1; i >= 0; i--)
        {
            var entry = complaint.History[i];
            if (entry.Kind == ComplaintEventKind.Reassigned &&
                FormerDepartmentIds.Contains(entry.FromDepartmentId ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The people an answer was sent to when nobody asked for it by name (the relay's default targets, the thread it was
/// posted in): they see the complaint as its requester would. Without the relay, nobody is.
/// </summary>
internal interface IComplaintAddressees
{
    bool IsAddressee(Complaint complaint, ComplaintViewer viewer);
}

/// <summary>No addressees: the answer goes to the requester only.</summary>
internal sealed class NoComplaintAddressees : IComplaintAddressees
{
    public bool IsAddressee(Complaint complaint, ComplaintViewer viewer) => false;
}
