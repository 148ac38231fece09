using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.TestHarness.Host;

/// <summary>Plays the Bot Connector's side of <c>POST /api/messages</c>: signed activities over HTTP.</summary>
internal sealed class BotClient(HttpClient http, FakeBotConnector connector) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>A valid Connector token for an activity whose serviceUrl is the fake connector's.</summary>
    public string ValidToken() => connector.Tokens.Mint(new TokenSpec { Audience = BotApp.AppId, ServiceUrl = connector.ServiceUrl });

    public Task<HttpResponseMessage> PostAsync(JsonObject activity) => PostAsync(activity, ValidToken());

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
