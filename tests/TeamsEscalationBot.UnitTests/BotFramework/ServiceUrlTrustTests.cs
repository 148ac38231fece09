using System.Security.Claims;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.UnitTests.BotFramework;

[TestClass]
public sealed class ServiceUrlTrustTests
{
    [TestMethod]
    [DataRow("https://smba.trafficmanager.net/emea/", true)]
    [DataRow("https://smba.trafficmanager.net/amer/72f988bf-86f1-41af-91ab-2d7cd011db47/", true)]
    [DataRow("https://europe.webchat.botframework.com/", true)]
    [DataRow("http://smba.trafficmanager.net/emea/", false)]
    [DataRow("https://smba.trafficmanager.net.evil.example/", false)]
    [DataRow("https://evilbotframework.com/", false)]
    [DataRow("https://user:pw@smba.trafficmanager.net/emea/", false)]
    [DataRow("https://attacker.example/", false)]
    public void IsTrusted_DefaultHosts(string url, bool expected) =>
        Assert.AreEqual(expected, Trust().IsTrusted(new Uri(url)));

    [TestMethod]
    public void TrustInbound_Authenticated_TrustsThatPrefixOnly()
    {
        var trust = Trust();
        trust.TrustInbound("https://bots.example.com/region1", new ClaimsIdentity([], "BotConnector"));

        Assert.IsTrue(trust.IsTrusted(new Uri("https://bots.example.com/region1/v3/conversations/a/activities")));
        Assert.IsFalse(trust.IsTrusted(new Uri("https://bots.example.com/region10/v3/conversations")), "a longer sibling path is not covered");
        Assert.IsFalse(trust.IsTrusted(new Uri("https://bots.example.com/other/")));
    }

    [TestMethod]
    public void TrustInbound_UnauthenticatedNonLoopback_NotTrusted()
    {
        var trust = Trust();
        trust.TrustInbound("https://attacker.example/", new ClaimsIdentity());
        Assert.IsFalse(trust.IsTrusted(new Uri("https://attacker.example/v3/conversations")));
    }

    [TestMethod]
    public void TrustInbound_UnauthenticatedLoopback_Trusted()
    {
        var trust = Trust();
        trust.TrustInbound("http://localhost:56150/_connector", new ClaimsIdentity());
        Assert.IsTrue(trust.IsTrusted(new Uri("http://localhost:56150/_connector/v3/conversations/a%3A1/activities")));
    }

    [TestMethod]
    public void IsTrusted_ConfiguredHostPattern_Trusted()
    {
        var trust = Trust("*.contoso-bots.net");
        Assert.IsTrue(trust.IsTrusted(new Uri("https://eu.contoso-bots.net/")));
        Assert.IsFalse(trust.IsTrusted(new Uri("http://eu.contoso-bots.net/")), "host patterns require https");
    }

    [TestMethod]
    public void TrustStored_PlainHttpNonLoopback_Ignored()
    {
        var trust = Trust();
        trust.TrustStored("http://intranet.example/");
        Assert.IsFalse(trust.IsTrusted(new Uri("http://intranet.example/v3/")));
    }

    private static ServiceUrlTrust Trust(params string[] entries)
    {
        var options = new BotFrameworkOptions();
        foreach (var entry in entries)
        {
            options.TrustedServiceUrls.Add(entry);
        }

        return new ServiceUrlTrust(Options.Create(options));
    }
}
