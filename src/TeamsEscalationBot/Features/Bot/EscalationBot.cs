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
internal sealed class EscalationBot(
    InstallationRecorder installations, ChatCommandHandler commands, IEnumerable<ICardActionHandler> cardActions) : ActivityHandler
{
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        try
        {
            await installations.TouchAsync(turnContext.Activity, cancellationToken);
            await base.OnTurnAsync(turnContext, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.IsOutage(ex) && (IsCardAction(turnContext.Activity) || turnContext.Activity.Type == ActivityTypes.Message))
        {
            await AnswerStorageOutageAsync(turnContext, cancellationToken);
        }
    }

    /// <summary>A card action or a message gets a clear "try again" (nothing was changed); other turns fail as before (HTTP 500).</summary>
    private static async Task AnswerStorageOutageAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        var texts = Texts.For(activity.Locale);
        if (IsCardAction(activity))
        {
            var error = AdaptiveCardInvokeResponse.Error(503, "StorageUnavailable", texts["Bot_StorageUnavailable"]);
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.InvokeResponse, Value = new InvokeResponse(200, error) }, cancellationToken);
        }
        else
        {
            await turnContext.SendActivityAsync(BotMessages.Format(texts, "Bot_StorageUnavailable"), cancellationToken);
        }
    }

    private static bool IsCardAction(Activity activity) => activity.Type == ActivityTypes.Invoke && activity.Name == InvokeNames.AdaptiveCardAction;

    protected override Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        commands.HandleAsync(turnContext, cancellationToken);

    /// <summary>Each verb belongs to one feature; an unknown or missing verb is bad data (400), never a silent nothing.</summary>
    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var verb = invokeValue.Action?.Verb;
        var handler = string.IsNullOrWhiteSpace(verb) ? null : cardActions.FirstOrDefault(h => h.CanHandle(verb));
        return handler is null
            ? Task.FromResult(AdaptiveCardInvokeResponse.Error(
                400, "UnknownVerb", $"This card action ('{CardText.Truncate(CardText.Inert(verb), CardBudget.ShortFieldChars)}') is not supported."))
            : handler.HandleAsync(turnContext, invokeValue, cancellationToken);
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
}
