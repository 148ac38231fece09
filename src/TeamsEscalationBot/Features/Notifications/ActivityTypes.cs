namespace TeamsEscalationBot.Features.Notifications;

/// <summary>
/// The activity types the Teams app manifest declares (<c>manifest/manifest.json</c>, <c>activities.activityTypes</c>);
/// Teams owns their text (<c>templateText</c>), the bot fills its parameters.
/// </summary>
internal static class ActivityTypes
{
    /// <summary>"{actor} assigned you a complaint in {department}": to the person a complaint was assigned to by someone else.</summary>
    public const string ComplaintAssigned = "complaintAssigned";

    /// <summary>"A complaint in {department} is overdue": to the people an escalation step tells.</summary>
    public const string ComplaintOverdue = "complaintOverdue";

    /// <summary>"{department} answered your complaint": to the community manager the answer was relayed to.</summary>
    public const string AnswerReady = "answerReady";

    /// <summary>The template parameter every type uses: the department's display name.</summary>
    public const string DepartmentParameter = "department";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { ComplaintAssigned, ComplaintOverdue, AnswerReady };
}
