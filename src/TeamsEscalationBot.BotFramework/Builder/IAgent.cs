namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>The code that handles turns: one inbound activity at a time.</summary>
public interface IAgent
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default);
}
