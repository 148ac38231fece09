using Microsoft.AspNetCore.Http;
using TeamsEscalationBot.BotFramework.Builder;

namespace TeamsEscalationBot.BotFramework.Hosting;

/// <summary>Turns one HTTP request on the messaging endpoint into a turn of <paramref name="agent"/> and writes the answer.</summary>
public interface IAgentHttpAdapter
{
    Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IAgent agent, CancellationToken cancellationToken = default);
}
