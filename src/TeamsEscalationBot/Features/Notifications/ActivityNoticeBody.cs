using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Teamwork.SendActivityNotification;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>What a notice says, gathered from the complaint: all of it is shown to the one person it is sent to.</summary>
/// <param name="ComplaintId">The complaint's id (the person can type it after <c>status</c>).</param>
/// <param name="DepartmentName">The department's display name: the manifest template's <c>{department}</c>.</param>
/// <param name="Priority">The complaint's priority.</param>
/// <param name="ByName">Who assigned it (complaintAssigned) or answered it (answerReady); null when unknown.</param>
/// <param name="WebUrl">Where a click on the notice leads: a Teams deep link.</param>
internal sealed record ActivityNoticeContent(string ComplaintId, string DepartmentName, Priority Priority, string? ByName, Uri WebUrl);

/// <summary>
/// The body of <c>POST /users/{id}/teamwork/sendActivityNotification</c> for one notice. Teams owns the title: the
/// manifest's <c>templateText</c> of the activity type, localised by Teams, with <c>{department}</c> filled from
/// <see cref="ActivityTypes.DepartmentParameter"/>. <c>{actor}</c> is not sent: Teams fills it with the caller, which in
/// an app-only call is the app's name. The topic is plain text (source <c>text</c>) linking to <see cref="ActivityNoticeContent.WebUrl"/>;
/// the preview names the complaint by id, department and priority (and who assigned or answered it), never its text:
/// notices appear in banners and on phones' lock screens.
/// </summary>
internal static class ActivityNoticeBody
{
    /// <summary>Teams shows the first 150 characters of the preview.</summary>
    public const int MaxPreviewChars = 150;

    /// <summary>The topic is a one-line label.</summary>
    public const int MaxTopicChars = 80;

    /// <summary>A person's or department's name inside the preview.</summary>
    public const int MaxNameChars = 40;

    public static SendActivityNotificationPostRequestBody Build(string activityType, ActivityNoticeContent content, Texts texts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityType);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(texts);
        if (!ActivityTypes.All.Contains(activityType))
        {
            throw new ArgumentException($"'{activityType}' is not an activity type the manifest declares.", nameof(activityType));
        }

        var department = Name(content.DepartmentName);
        return new SendActivityNotificationPostRequestBody
        {
            Topic = new TeamworkActivityTopic
            {
                Source = TeamworkActivityTopicSource.Text,
                Value = CardText.Truncate(texts.Format("Notice_Topic", content.ComplaintId, department), MaxTopicChars),
                WebUrl = content.WebUrl.AbsoluteUri,
            },
            ActivityType = activityType,
            PreviewText = new ItemBody { Content = Preview(activityType, content, texts) },
            TemplateParameters = [new Microsoft.Graph.Models.KeyValuePair { Name = ActivityTypes.DepartmentParameter, Value = department }],
        };
    }

    /// <summary>The preview line, at most <see cref="MaxPreviewChars"/> characters.</summary>
    public static string Preview(string activityType, ActivityNoticeContent content, Texts texts)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(texts);
        var department = Name(content.DepartmentName);
        var priority = CardWords.Priority(texts, content.Priority);
        var by = content.ByName is { } name && Name(name) is { Length: > 0 } shown ? shown : null;
        var line = (activityType, by) switch
        {
            (ActivityTypes.ComplaintAssigned, not null) => texts.Format("Notice_Preview_AssignedBy", content.ComplaintId, department, priority, by),
            (ActivityTypes.AnswerReady, not null) => texts.Format("Notice_Preview_AnsweredBy", content.ComplaintId, department, priority, by),
            (ActivityTypes.ComplaintOverdue, _) => texts.Format("Notice_Preview_Overdue", content.ComplaintId, department, priority),
            _ => texts.Format("Notice_Preview", content.ComplaintId, department, priority),
        };
        return CardText.Truncate(line, MaxPreviewChars);
    }

    /// <summary>A name from configuration or the directory as one inert line of at most <see cref="MaxNameChars"/> characters.</summary>
    private static string Name(string text) => CardText.Excerpt(CardText.Inert(text), MaxNameChars);
}
