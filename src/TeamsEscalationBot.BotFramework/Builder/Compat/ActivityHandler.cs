using System.Text.Json;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder.Compat;

/// <summary>
/// Dispatches each activity type to a virtual method, like the Agents SDK's ActivityHandler. Other activity types are
/// ignored (the adapter answers 200); an invoke nobody handles is answered 501.
/// </summary>
public abstract class ActivityHandler : IAgent
{
    public virtual Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Type switch
        {
            ActivityTypes.Message => OnMessageActivityAsync(turnContext, cancellationToken),
            ActivityTypes.ConversationUpdate => OnConversationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.InstallationUpdate => OnInstallationUpdateActivityAsync(turnContext, cancellationToken),
            ActivityTypes.Invoke => SendInvokeResponseAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    protected virtual Task OnMessageActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Members joined or left: Teams also sends its channel events (<c>channelData.eventType</c>) this way.</summary>
    protected virtual Task OnConversationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (activity.MembersAdded is { Count: > 0 } added)
        {
            return OnMembersAddedAsync(added, turnContext, cancellationToken);
        }

        if (activity.MembersRemoved is { Count: > 0 } removed)
        {
            return OnMembersRemovedAsync(removed, turnContext, cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>Members (possibly the bot itself: compare with <c>activity.recipient.id</c>) joined the conversation.</summary>
    protected virtual Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnMembersRemovedAsync(IList<ChannelAccount> membersRemoved, ITurnContext turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    protected virtual Task OnInstallationUpdateActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Action switch
        {
            InstallationUpdateActionTypes.Add or InstallationUpdateActionTypes.AddUpgrade => OnInstallationUpdateAddAsync(turnContext, cancellationToken),
            InstallationUpdateActionTypes.Remove or InstallationUpdateActionTypes.RemoveUpgrade => OnInstallationUpdateRemoveAsync(turnContext, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    protected virtual Task OnInstallationUpdateAddAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    protected virtual Task OnInstallationUpdateRemoveAsync(ITurnContext turnContext, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The answer to an invoke: <c>adaptiveCard/action</c> goes to <see cref="OnAdaptiveCardInvokeAsync"/>, any other
    /// name is answered 501. Override to handle more invoke names.
    /// </summary>
    protected virtual Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Name == InvokeNames.AdaptiveCardAction
            ? AdaptiveCardInvokeAsync(turnContext, cancellationToken)
            : Task.FromResult(new InvokeResponse(501));
    }

    /// <summary>An <c>Action.Execute</c> click or a card refresh (<see cref="AdaptiveCardInvokeValue.IsRefresh"/>).</summary>
    protected virtual Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        Task.FromResult(AdaptiveCardInvokeResponse.Error(501, "NotImplemented", "This app does not handle card actions."));

    private async Task SendInvokeResponseAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var response = await OnInvokeActivityAsync(turnContext, cancellationToken);
        await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.InvokeResponse, Value = response }, cancellationToken);
    }

    /// <summary>Teams expects HTTP 200 for every <c>adaptiveCard/action</c>; problems travel in the body's statusCode.</summary>
    private async Task<InvokeResponse> AdaptiveCardInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var value = ReadAdaptiveCardValue(turnContext.Activity, out var problem);
        var body = value is null
            ? AdaptiveCardInvokeResponse.Error(400, "BadRequest", problem!)
            : !string.Equals(value.Action!.Type, "Action.Execute", StringComparison.Ordinal)
                ? AdaptiveCardInvokeResponse.Error(400, "NotSupported", $"The action type '{value.Action.Type}' is not supported.")
                : await OnAdaptiveCardInvokeAsync(turnContext, value, cancellationToken);
        return new InvokeResponse(200, body);
    }

    private static AdaptiveCardInvokeValue? ReadAdaptiveCardValue(Activity activity, out string? problem)
    {
        problem = null;
        if (activity.Value is not JsonElement { ValueKind: JsonValueKind.Object } && activity.Value is not AdaptiveCardInvokeValue)
        {
            problem = activity.Value is null ? "Missing value property" : "Value property is not properly formed";
            return null;
        }

        AdaptiveCardInvokeValue? value;
        try
        {
            value = activity.GetValue<AdaptiveCardInvokeValue>();
        }
        catch (JsonException)
        {
            problem = "Value property is not properly formed";
            return null;
        }

        if (value?.Action is null)
        {
            problem = "Missing action property";
            return null;
        }

        return value;
    }
}
