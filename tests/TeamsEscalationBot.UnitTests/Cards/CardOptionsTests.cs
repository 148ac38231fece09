using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.TeamsIntake;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class CardOptionsTests
{
    [TestMethod]
    public void Validate_Defaults_Succeed() =>
        Assert.IsTrue(new CardOptionsValidator().Validate(null, new CardOptions()).Succeeded);

    [TestMethod]
    [DataRow("Europe/Madrid")]
    [DataRow("America/Mexico_City")]
    [DataRow("utc")]
    public void Validate_IanaTimeZone_Succeeds(string zone) =>
        Assert.IsTrue(new CardOptionsValidator().Validate(null, new CardOptions { TimeZone = zone }).Succeeded);

    [TestMethod]
    [DataRow("Mars/Olympus_Mons")]
    [DataRow("")]
    public void Validate_UnknownTimeZone_NamesTheKey(string zone)
    {
        var result = new CardOptionsValidator().Validate(null, new CardOptions { TimeZone = zone });

        Assert.IsTrue(result.Failed);
        Assert.Contains("Cards:TimeZone", result.FailureMessage);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(21)]
    public void Validate_ListSizeOutOfRange_NamesTheKey(int items)
    {
        var result = new CardOptionsValidator().Validate(null, new CardOptions { MaxListItems = items });

        Assert.IsTrue(result.Failed);
        Assert.Contains("Cards:MaxListItems", result.FailureMessage);
    }

    [TestMethod]
    public void AddCards_BadTimeZoneInConfiguration_FailsWhenOptionsAreRead()
    {
        using var services = Services(new() { ["Cards:TimeZone"] = "Nowhere/Land" });

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<CardOptions>>().Value);

        Assert.Contains("Cards:TimeZone 'Nowhere/Land'", error.Message);
    }

    [TestMethod]
    public void AddCards_ConfiguredTimeZone_ClockUsesIt()
    {
        using var services = Services(new() { ["Cards:TimeZone"] = "Europe/Madrid" });

        var clock = services.GetRequiredService<CardClock>();

        Assert.AreEqual(TimeSpan.FromHours(1), clock.Zone.GetUtcOffset(new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc)));
        Assert.IsNotNull(services.GetRequiredService<ComplaintCardBuilder>());
        Assert.IsNotNull(services.GetRequiredService<RelayCardBuilder>());
        Assert.IsNotNull(services.GetRequiredService<ComplaintListCardBuilder>());
    }

    /// <summary>The cards' shared services and the features that register card builders.</summary>
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddCards(configuration)
            .AddComplaints(configuration)
            .AddRelay(configuration)
            .AddTeamsIntake()
            .BuildServiceProvider();
    }
}
