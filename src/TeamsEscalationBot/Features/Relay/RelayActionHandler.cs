using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// <c>relay.accept</c> (Answered → Closed) and <c>relay.sendBack</c> with a required comment (Answered → Claimed) on the
/// relay card. Only the person the answer is for may decide, where it was delivered (<see cref="RelayPermissions"/>),
/// and only for exactly the answer the card shows (its version). The change, the channel card update, the audit line
/// in the thread (with the owner @mentioned on a send-back) and the callback are one write, conditional on the version
/// read; a concurrent decision makes the loser reload and get the current card with a notice. The answer is the relay
/// card as it is now (after a decision, the outcome and no buttons) for whoever may see it; anyone else gets the
/// complaint card of their view (<see cref="ComplaintAccess"/>), which never shows the answer to an outsider.
/// </summary>
internal sealed partial class RelayActionHandler(
    IComplaintStore store,
    RelayPermissions permissions,
    ComplaintAccess access,
    RelayCardBuilder cards,
    ComplaintCardBuilder complaintCards,
    ComplaintRouter router,
    TimeProvider time,
    ILogger<RelayActionHandler> logger) : ICardActionHandler
{
    private const int MaxAttempts = 5;

    /// <summary>Teams waits a few seconds for the answer; a directory lookup must not take all of them.</summary>
    private static readonly TimeSpan DirectoryBudget = TimeSpan.FromSeconds(3);

    public bool CanHandle(string verb) => verb is CardVerbs.RelayAccept or CardVerbs.RelaySendBack;

    public async Task<AdaptiveCardInvokeResponse> HandleAsync(ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(invokeValue);
        var activity = turnContext.Activity;
        var data = invokeValue.Action?.Data;
        if (!CardData.TryReadComplaint(data, out var complaintId, out var cardVersion))
        {
            return AdaptiveCardInvokeResponse.Error(400, "MissingComplaint", "This card does not say which complaint it is about.");
        }

        var complaint = await store.GetAsync(complaintId, cancellationToken);
        if (complaint is null)
        {
            return AdaptiveCardInvokeResponse.Error(400, "StaleCard", $"Complaint {complaintId} no longer exists; this card is out of date.");
        }

        var texts = Texts.For(activity.Locale);
        var viewer = new ComplaintViewer(activity.From?.AadObjectId, activity.Conversation?.Id);
        if (invokeValue.IsRefresh)
        {
            var sight = await access.SightAsync(complaint, viewer, DirectoryBudget, cancellationToken);
            return View(complaint, sight, activity, sight.DirectoryUnavailable ? CardNotices.DirectoryUnavailable(texts) : null);
        }

        if (await RefuseAsync(complaint, activity, texts, cancellationToken) is var (notice, unavailable))
        {
            var sight = unavailable
                ? access.WithoutDirectory(complaint, viewer) with { DirectoryUnavailable = true }
                : await access.SightAsync(complaint, viewer, DirectoryBudget, cancellationToken);
            return View(complaint, sight, activity, notice, buttons: false);
        }

        var sendBack = invokeValue.Action?.Verb == CardVerbs.RelaySendBack;
        var comment = CardData.GetString(data, CardInputs.RelayComment);
        if (sendBack && string.IsNullOrWhiteSpace(comment))
        {
            return Answer(complaint, activity.Locale, new CardNotice(texts["Card_Notice_TextRequired"], CardNoticeKind.Warning));
        }

        return await DecideAsync(complaint, cardVersion, Actor(activity, complaint), sendBack ? comment : null, activity.Locale, cancellationToken);
    }

    private async Task<AdaptiveCardInvokeResponse> DecideAsync(
        Complaint complaint, long cardVersion, Actor actor, string? comment, string? locale, CancellationToken cancellationToken)
    {
        var texts = Texts.For(locale);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // Only the answer the card shows: a card of an earlier answer must not accept a newer one its reader has not
            // seen, and a version the card never had is no card of this answer.
            if (!RelayProgress.IsAnswerOnCard(complaint, cardVersion))
            {
                return Answer(complaint, locale, CardNotices.Stale(texts));
            }

            var expected = complaint.Version;
            var now = time.GetUtcNow();
            var result = comment is null ? complaint.Accept(actor, now) : complaint.SendBack(actor, comment, now);
            if (!result.Succeeded)
            {
                return Answer(complaint, locale, CardNotices.FromRefusal(result.Refusal, texts, CardDepartment.All(router)));
            }

            var outbox = RelayOutbox.AfterChange(complaint, now, auditLine: true, mentionOwner: comment is not null, callback: true);
            var saved = await store.UpdateAsync(complaint, expected, outbox, cancellationToken);
            switch (saved.Outcome)
            {
                case UpdateOutcome.Updated:
                    LogDecided(logger, complaint.Id, result.Event.Kind, actor.Id);
                    return Answer(saved.Current!, locale, null);
                case UpdateOutcome.NotFound:
                    return AdaptiveCardInvokeResponse.Error(400, "StaleCard", $"Complaint {complaint.Id} no longer exists; this card is out of date.");
                default:
                    complaint = saved.Current!;
                    break;
            }
        }

        return Answer(complaint, locale, CardNotices.TryAgain(texts));
    }

    /// <summary>Null when the clicker may decide; otherwise the notice that says why not, and whether it is "try again".</summary>
    private async Task<(CardNotice Notice, bool DirectoryUnavailable)?> RefuseAsync(
        Complaint complaint, Activity activity, Texts texts, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(DirectoryBudget);
        try
        {
            var may = await permissions.MayDecideAsync(complaint, activity, budget.Token);
            var notAllowed = new CardNotice(texts[complaint.Requester is null ? "Relay_Notice_NotAllowedHere" : "Relay_Notice_NotAllowed"], CardNoticeKind.Warning);
            return may.Match<(CardNotice, bool)?>(
                allowed => allowed ? null : (notAllowed, false),
                () => (notAllowed, false),
                _ => (CardNotices.DirectoryUnavailable(texts), true));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (CardNotices.DirectoryUnavailable(texts), true);
        }
    }

    private AdaptiveCardInvokeResponse Answer(Complaint complaint, string? locale, CardNotice? notice, bool buttons = true)
    {
        var card = cards.Build(complaint, locale, time.GetUtcNow(), CardDepartment.All(router), notice);
        return AdaptiveCardInvokeResponse.Card(buttons ? card : card with { Actions = null });
    }

    /// <summary>
    /// The card for someone who does not decide here (a refresh, a refusal): the relay card for the department and
    /// those the answer is for; for anyone else the complaint card of what they may see, never the answer.
    /// </summary>
    private AdaptiveCardInvokeResponse View(Complaint complaint, ComplaintSight sight, Activity activity, CardNotice? notice, bool buttons = true)
    {
        if (sight.Visibility is ComplaintVisibility.Department or ComplaintVisibility.Requester)
        {
            return Answer(complaint, activity.Locale, notice, buttons);
        }

        var card = complaintCards.Build(complaint, new ComplaintCardContext
        {
            Viewer = new CardViewer(activity.From?.AadObjectId ?? string.Empty, activity.From?.Name ?? string.Empty, CardViewerRole.ReadOnly),
            Sight = sight,
            Locale = activity.Locale,
            Now = time.GetUtcNow(),
            Departments = CardDepartment.All(router),
            Notice = notice,
        });
        return AdaptiveCardInvokeResponse.Card(card);
    }

    private static Actor Actor(Activity activity, Complaint complaint)
    {
        var from = activity.From;
        var name = from?.Name ?? complaint.Requester?.DisplayName ?? Texts.For(activity.Locale)["Relay_Fallback_SomeoneName"];
        return new Actor(from?.AadObjectId ?? from?.Id ?? "unknown", name, ActorKind.CommunityManager);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: {Decision} by {ActorId}")]
    private static partial void LogDecided(ILogger logger, string complaintId, ComplaintEventKind decision, string actorId);
}
