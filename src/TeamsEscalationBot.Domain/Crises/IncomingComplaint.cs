using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>A complaint as the crisis detector sees it when it arrives.</summary>
public sealed record IncomingComplaint(
    string Id, DateTimeOffset At, string DepartmentId, string? Category, string Text, Network Network)
{
    /// <summary>The complaint as it arrived: when it was received and the department it was first routed to.</summary>
    public static IncomingComplaint From(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var routedTo = complaint.History.FirstOrDefault(e => e.Kind == ComplaintEventKind.Routed)?.DepartmentId;
        return new IncomingComplaint(
            complaint.Id, complaint.CreatedAt, routedTo ?? complaint.DepartmentId, complaint.Category, complaint.Text, complaint.Network);
    }
}
