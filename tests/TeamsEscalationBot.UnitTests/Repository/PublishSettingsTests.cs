using System.Xml.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Repository;

/// <summary>What a deployment carries: no Development settings (they hold a development intake key), and log filters that keep request URLs out of Information.</summary>
[TestClass]
public sealed class PublishSettingsTests
{
    private static readonly string HostFolder = Path.Combine(RepositoryPaths.Root, "src", "TeamsEscalationBot");

    [TestMethod]
    public void HostProject_DevelopmentSettings_NeverPublished()
    {
        var project = XDocument.Load(Path.Combine(HostFolder, "TeamsEscalationBot.csproj"));

        var rule = project.Descendants("Content").SingleOrDefault(e => (string?)e.Attribute("Update") == "appsettings.Development.json");

        Assert.IsNotNull(rule, "the csproj has no rule for appsettings.Development.json");
        Assert.AreEqual("Never", (string?)rule.Attribute("CopyToPublishDirectory"));
    }

    [TestMethod]
    [DataRow("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [DataRow("Microsoft.AspNetCore.HttpLogging")]
    public void AppSettings_CategoriesThatLogRequestUrls_WarningOrAboveOnTheirOwn(string category)
    {
        // Listed by name, so that lowering "Microsoft.AspNetCore" to look into something does not bring URLs with their query strings back.
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(HostFolder, "appsettings.json"), optional: false).Build();

        var level = settings[$"Logging:LogLevel:{category}"];

        Assert.IsNotNull(level, $"appsettings.json does not name {category}");
        Assert.IsTrue(Enum.Parse<LogLevel>(level) >= LogLevel.Warning, $"{category} logs at {level}");
    }
}
