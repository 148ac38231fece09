using Microsoft.Extensions.Configuration;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.Features.Notifications;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Features;

/// <summary>appsettings.sample.json is read by the real configuration loader, and every key in it exists on an options class.</summary>
[TestClass]
public sealed class SampleSettingsTests
{
    private static readonly IConfiguration Sample = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false)
        .Build();

    [TestMethod]
    public void Sample_EverySection_BindsWithoutUnknownKeys()
    {
        Bind<BotFrameworkOptions>("Bot");
        Bind<TeamsAppOptions>("Teams");
        Bind<GraphOptions>("Graph");
        Bind<DirectoryOptions>("Directory");
        Bind<StorageOptions>("Storage");
        Bind<IntakeOptions>("Intake");
        Bind<CardOptions>("Cards");
        Bind<RelayOptions>("Relay");
        Bind<SlaOptions>("Sla");
        Bind<SlaEscalationOptions>("Sla:Escalation");
        Bind<ExecutiveOptions>("Executives");
        Bind<ReportOptions>("Reports");
        Bind<ActivityFeedOptions>(ActivityFeedOptions.SectionName);
        Bind<DigestOptions>("Digest");
        Assert.IsNotEmpty(Sample.GetSection("Departments").Get<List<DepartmentSettings>>(o => o.ErrorOnUnknownConfiguration = true)!);
        Assert.AreEqual("care", Sample["Routing:TriageDepartmentId"]);
    }

    [TestMethod]
    public void Sample_TopLevelSections_AllKnown()
    {
        string[] known = ["Logging", "Bot", "Teams", "Graph", "Directory", "Storage", "Routing", "Departments", "Intake", "Cards", "Relay", "Sla", "Reports", "Notifications", "Crises", "Digest", "Executives"];
        var unknown = Sample.GetChildren().Select(c => c.Key).Except(known, StringComparer.Ordinal).ToList();
        Assert.IsEmpty(unknown, "sections nobody reads: " + string.Join(", ", unknown));
    }

    private static void Bind<T>(string section) where T : class =>
        Assert.IsNotNull(Sample.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true), section);
}
