using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TeamsEscalationBot.BotFramework.Builder;

namespace TeamsEscalationBot.BotFramework.Hosting;

public static class AgentEndpointExtensions
{
    /// <summary>Maps <c>POST /api/messages</c> (or <paramref name="path"/>) to the <see cref="IAgentHttpAdapter"/> and the registered <see cref="IAgent"/>.</summary>
    public static IEndpointConventionBuilder MapAgentEndpoints(this IEndpointRouteBuilder endpoints, string path = "/api/messages") =>
        endpoints.MapPost(path, (HttpRequest request, HttpResponse response, IAgentHttpAdapter adapter, IAgent agent, CancellationToken cancellationToken) =>
                adapter.ProcessAsync(request, response, agent, cancellationToken))
            .WithName("AgentMessages")
            .ExcludeFromDescription();
}
