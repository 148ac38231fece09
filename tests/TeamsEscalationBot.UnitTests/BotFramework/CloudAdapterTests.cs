using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.UnitTests.BotFramework;

/// <summary>The adapter's answers that need no token; everything else is covered on the real host in the integration tests.</summary>
[TestClass]
public sealed class CloudAdapterTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Process_ServerCannotLimitTheBody_RefusedWith500BeforeReading()
    {
        // DefaultHttpContext has no IHttpMaxRequestBodySizeFeature, like a server that cannot limit a request body.
        var context = new DefaultHttpContext { Request = { Method = HttpMethods.Post } };
        var agent = new CountingAgent();

        await Adapter().ProcessAsync(context.Request, context.Response, agent, TestContext.CancellationToken);

        Assert.AreEqual(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.AreEqual(0, agent.Turns);
    }

    [TestMethod]
    public async Task Process_BodyLimitAlreadyFixed_RefusedWith500()
    {
        var context = new DefaultHttpContext { Request = { Method = HttpMethods.Post } };
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(new FixedLimit());

        await Adapter().ProcessAsync(context.Request, context.Response, new CountingAgent(), TestContext.CancellationToken);

        Assert.AreEqual(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
    }

    [TestMethod]
    public async Task Process_Get_MethodNotAllowed()
    {
        var context = new DefaultHttpContext { Request = { Method = HttpMethods.Get } };
        await Adapter().ProcessAsync(context.Request, context.Response, new CountingAgent(), TestContext.CancellationToken);
        Assert.AreEqual(StatusCodes.Status405MethodNotAllowed, context.Response.StatusCode);
    }

    // The authenticator is never reached on these paths.
    private static CloudAdapter Adapter() => new(null!, new FakeConnectorClient(), NullLogger<CloudAdapter>.Instance);

    private sealed class CountingAgent : IAgent
    {
        public int Turns { get; private set; }

        public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            Turns++;
            return Task.CompletedTask;
        }
    }

    private sealed class FixedLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => true;

        public long? MaxRequestBodySize { get; set; } = 30_000_000;
    }
}
