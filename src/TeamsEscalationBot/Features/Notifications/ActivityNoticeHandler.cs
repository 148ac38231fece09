using System.Net;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>
/// <c>activity-notice</c>: one Teams activity-feed notice to one person, <c>POST /users/{id}/teamwork/sendActivityNotification</c>
/// through the bot's Graph client (<see cref="BotGraphClient"/>). Completed without a call when the feature is off,
/// when the bot has no Graph credential (Development), when the notice no longer applies (the complaint was closed,
/// assigned to someone else, or its answer decided meanwhile), or while the person is noted unreachable.
/// Graph's answers: 2xx done; 429/503/5xx, 401, timeouts and network errors are tried again (Retry-After honoured);
/// 403 and 404 are not retried: the person is noted unreachable (<see cref="ActivityFeedReach"/>) with one Warning,
/// and the item completes; any other 4xx fails the item for good.
/// </summary>
internal sealed partial class ActivityNoticeHandler(
    IComplaintStore store,
    BotGraphClient graph,
    ActivityNoticeLinks links,
    ActivityFeedReach reach,
    ComplaintRouter router,
    IOptions<ActivityFeedOptions> options,
    TimeProvider time,
    ILogger<ActivityNoticeHandler> logger) : IOutboxHandler
{
    public string Kind => OutboxKinds.ActivityNotice;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ActivityNotices.Read(item) is not { } notice)
        {
            return OutboxResult.Failed($"the payload of activity notice {item.Id} cannot be read");
        }

        if (!ActivityTypes.All.Contains(notice.ActivityType))
        {
            return OutboxResult.Failed($"'{notice.ActivityType}' is not an activity type the Teams app manifest declares");
        }

        if (!options.Value.Enabled)
        {
            LogSkipped(logger, notice.ActivityType, item.ComplaintId, notice.UserAadObjectId, "Notifications:ActivityFeed:Enabled is false");
            return OutboxResult.Done;
        }

        if (graph.Client is not { } client)
        {
            LogSkipped(logger, notice.ActivityType, item.ComplaintId, notice.UserAadObjectId, "the bot has no Microsoft Graph credential (Bot:CredentialType=None)");
            return OutboxResult.Done;
        }

        if (reach.Unreachable(notice.UserAadObjectId) is { } noted)
        {
            LogSkippedUnreachable(logger, notice.ActivityType, item.ComplaintId, notice.UserAadObjectId, noted);
            return OutboxResult.Done;
        }

        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (Stale(complaint, notice) is { } stale)
        {
            LogSkipped(logger, notice.ActivityType, complaint.Id, notice.UserAadObjectId, stale);
            return OutboxResult.Done;
        }

        var webUrl = await links.ForAsync(complaint, notice.ActivityType, cancellationToken);
        if (webUrl is null)
        {
            return OutboxResult.Failed("the notice has nothing to link to: the complaint has no card in a channel and Bot:AppId is not set");
        }

        var body = ActivityNoticeBody.Build(notice.ActivityType, Content(complaint, notice, webUrl), Texts.For(options.Value.Language));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(graph.Options.Timeout);
        try
        {
            await client.Users[notice.UserAadObjectId].Teamwork.SendActivityNotification.PostAsync(
                body, request => request.Options.Add(graph.Retry), timeout.Token);
            LogSent(logger, notice.ActivityType, complaint.Id, notice.UserAadObjectId);
            return OutboxResult.Done;
        }
        catch (ApiException error)
        {
            return Refused(notice, complaint.Id, error);
        }
        catch (AggregateException error) when (error.InnerExceptions.OfType<ApiException>().LastOrDefault() is { } last)
        {
            // The SDK's retry handler gave up: the last response it saw says why.
            return Refused(notice, complaint.Id, last);
        }
        catch (HttpRequestException error)
        {
            return OutboxResult.Retry($"Microsoft Graph could not be reached: {error.Message}");
        }
        catch (AuthenticationFailedException)
        {
            return OutboxResult.Retry("the bot's credential could not get a Microsoft Graph token");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OutboxResult.Retry($"Microsoft Graph did not answer within {graph.Options.Timeout.TotalSeconds:0} s (Graph:Timeout)");
        }
    }

    /// <summary>Why the notice no longer applies to the complaint as it is now; null when it still does.</summary>
    internal static string? Stale(Complaint complaint, OutboxPayloads.ActivityNotice notice)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(notice);
        return notice.ActivityType switch
        {
            _ when complaint.State == ComplaintState.Closed => "the complaint is closed",
            ActivityTypes.ComplaintAssigned when !string.Equals(complaint.Owner?.AadObjectId, notice.UserAadObjectId, StringComparison.OrdinalIgnoreCase) =>
                "the complaint no longer belongs to this person",
            ActivityTypes.AnswerReady when complaint.State != ComplaintState.Answered || complaint.Relay != RelayStatus.Delivered =>
                "the answer is no longer waiting for the community manager",
            _ => null,
        };
    }

    private ActivityNoticeContent Content(Complaint complaint, OutboxPayloads.ActivityNotice notice, Uri webUrl)
    {
        var department = router.FindDepartment(complaint.DepartmentId)?.Name ?? complaint.DepartmentId;
        var by = notice.ActivityType switch
        {
            // The history entry that made the complaint the notice's version: the assignment.
            ActivityTypes.ComplaintAssigned => complaint.History.ElementAtOrDefault((int)Math.Clamp(notice.Version - 1, 0, int.MaxValue)) is
                { Kind: ComplaintEventKind.Assigned } assigned ? assigned.Actor.DisplayName : null,
            ActivityTypes.AnswerReady => complaint.Answer?.By.DisplayName,
            _ => null,
        };
        return new ActivityNoticeContent(complaint.Id, department, complaint.Priority, by, webUrl);
    }

    private OutboxResult Refused(OutboxPayloads.ActivityNotice notice, string complaintId, ApiException error)
    {
        var status = error.ResponseStatusCode;
        var code = (error as ODataError)?.Error?.Code ?? "no error code";
        var reason = $"Microsoft Graph answered {status} {code} to the {notice.ActivityType} notice for user {notice.UserAadObjectId}";
        switch (status)
        {
            case (int)HttpStatusCode.Forbidden:
            case (int)HttpStatusCode.NotFound:
                var why = status == (int)HttpStatusCode.Forbidden ? UnreachableReason.Forbidden : UnreachableReason.NotFound;
                if (reach.Note(notice.UserAadObjectId, why))
                {
                    LogUnreachable(logger, notice.UserAadObjectId, status, code, Meaning(why), options.Value.UnreachableFor);
                }

                LogSkipped(logger, notice.ActivityType, complaintId, notice.UserAadObjectId, reason);
                return OutboxResult.Done;
            case (int)HttpStatusCode.TooManyRequests:
            case (int)HttpStatusCode.Unauthorized:
            case (int)HttpStatusCode.RequestTimeout:
            case >= 500:
                return GraphFailures.RetryAfter(error.ResponseHeaders, time.GetUtcNow()) is { } wait ? OutboxResult.RetryAfter(wait, reason) : OutboxResult.Retry(reason);
            default:
                return OutboxResult.Failed(reason);
        }
    }

    private static string Meaning(UnreachableReason reason) => reason == UnreachableReason.Forbidden
        ? "the Teams app is not installed for this person, or the bot's identity lacks the application permission TeamsActivity.Send (with admin consent)"
        : "Microsoft Graph knows no such user";

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity notice {ActivityType} for complaint {ComplaintId} sent to user {UserId}")]
    private static partial void LogSent(ILogger logger, string activityType, string complaintId, string userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Activity notice {ActivityType} for complaint {ComplaintId} to user {UserId} not sent: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string activityType, string complaintId, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "Activity notice {ActivityType} for complaint {ComplaintId} to user {UserId} not sent: Graph refused an earlier notice to this person ({Reason})")]
    private static partial void LogSkippedUnreachable(ILogger logger, string activityType, string complaintId, string userId, UnreachableReason reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Microsoft Graph refused an activity-feed notice for user {UserId} ({Status} {Code}): {Meaning}. Notices to this person are skipped for {Period}")]
    private static partial void LogUnreachable(ILogger logger, string userId, int status, string code, string meaning, TimeSpan period);
}
