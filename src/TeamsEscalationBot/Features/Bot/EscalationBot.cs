using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Builder.Compat;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Features.Installations;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Localization;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Bot;

/// <summary>The Teams side of the service: installs, commands in chat, and card actions.</summary>
internal sealed partial class EscalationBot(
    InstallationRecorder installations, ChatCommandHandler commands, IEnumerable<ICardActionHandler> cardActions, ILogger<EscalationBot> logger) : ActivityHandler
{
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        try
        {
            await installations.TouchAsync(turnContext.Activity, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            // Bookkeeping only: the turn itself still gets its answer (a "try again" if it needs storage too).
            LogTouchSkipped(logger, ex);
        }

        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        try
        {
            await commands.HandleAsync(turnContext, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            await turnContext.SendActivityAsync(BotMessages.Format(Texts.For(turnContext.Activity.Locale), "Bot_StorageUnavailable"), cancellationToken);
        }
    }

    /// <summary>Each verb belongs to one feature; an unknown or missing verb is bad data (400), never a silent nothing.</summary>
    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var verb = invokeValue.Action?.Verb;
        var handler = string.IsNullOrWhiteSpace(verb) ? null : cardActions.FirstOrDefault(h => h.CanHandle(verb));
        return handler is null
            ? Task.FromResult(AdaptiveCardInvokeResponse.Error(
                400, "UnknownVerb", $"This card action ('{CardText.Truncate(CardText.Inert(verb), CardBudget.ShortFieldChars)}') is not supported."))
            : HandleStorageOutageAsync(handler.HandleAsync(turnContext, invokeValue, cancellationToken), turnContext.Activity.Locale);
    }

    /// <summary>Nothing was changed when storage is unavailable, and the person is told so, not "something went wrong".</summary>
    private static async Task<AdaptiveCardInvokeResponse> HandleStorageOutageAsync(Task<AdaptiveCardInvokeResponse> handling, string? locale)
    {
        try
        {
            return await handling;
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex))
        {
            return AdaptiveCardInvokeResponse.Message(Texts.For(locale)["Bot_StorageUnavailable"]);
        }
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        installations.RecordAsync(turnContext.Activity, cancellationToken);

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        installations.ForgetAsync(turnContext.Activity, cancellationToken);

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (!membersAdded.Any(m => m.Id == activity.Recipient?.Id))
        {
            return;
        }

        await installations.RecordAsync(activity, cancellationToken);
        if (activity.Conversation?.ConversationType is null or ConversationTypes.Personal)
        {
            var welcome = HelpCards.Welcome(Texts.For(activity.Locale));
            await turnContext.SendActivityAsync(BotMessages.Card(welcome), cancellationToken);
        }
    }

    protected override async Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken)
    {
        if (membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id))
        {
            await installations.ForgetAsync(turnContext.Activity, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage is unavailable: this activity's installation record was not refreshed")]
    private static partial void LogTouchSkipped(ILogger logger, Exception exception);
}
