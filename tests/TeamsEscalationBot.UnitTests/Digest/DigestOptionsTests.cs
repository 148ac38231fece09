using Microsoft.Extensions.Configuration;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Digest;

/// <summary>The start-up checks of <c>Digest:*</c> and the <c>digest</c> chat command's words.</summary>
[TestClass]
public sealed class DigestOptionsTests
{
    private static readonly ComplaintRouter Router = new(
        [new Department { Id = "billing", Name = "Billing", TeamId = "t", ChannelId = "c", EntraGroupId = "g" }], "billing");

    [TestMethod]
    public void Validate_AValidRecipientAndGroup_Succeeds()
    {
        var options = new DigestOptions
        {
            Recipients = [Recipient()],
            RecipientGroupId = Guid.NewGuid().ToString(),
            GroupDefaults = new DigestScheduleOptions { TimeZone = "America/New_York", Cadence = DigestCadenceSetting.Both, WeeklyDay = DayOfWeek.Friday },
        };

        Assert.IsTrue(Validate(options).Succeeded, Validate(options).FailureMessage);
    }

    [TestMethod]
    public void Validate_EveryProblem_NamedWithItsKey()
    {
        var id = Guid.NewGuid().ToString();
        var options = new DigestOptions
        {
            Recipients =
            [
                Recipient(id),
                Recipient(id.ToUpperInvariant()),
                new DigestRecipientOptions { AadObjectId = "ceo@contoso.com", TimeZone = "Mars/Olympus", LocalHour = 24, Departments = ["nowhere"], Locale = "not a locale" },
                new DigestRecipientOptions { AadObjectId = Guid.NewGuid().ToString() },
            ],
            RecipientGroupId = "leadership",
            GroupRefreshInterval = TimeSpan.FromSeconds(5),
            MaxAttempts = 0,
            ReportUrl = new Uri("https://reports.contoso.com/api/reports/summary?from=x"),
        };

        var failures = Validate(options).Failures!.ToList();

        string[] expected =
        [
            "Digest:Recipients:1:AadObjectId repeats",
            "Digest:Recipients:2:AadObjectId must be a Microsoft Entra object id",
            "Digest:Recipients:2:TimeZone 'Mars/Olympus'",
            "Digest:Recipients:2:LocalHour must be between 0 and 23",
            "Digest:Recipients:2:Departments:0 'nowhere'",
            "Digest:Recipients:2:Locale 'not a locale'",
            "Digest:Recipients:3:TimeZone is required",
            "Digest:RecipientGroupId must be",
            "Digest:GroupDefaults:TimeZone is required",
            "Digest:GroupRefreshInterval",
            "Digest:MaxAttempts",
            "Digest:ReportUrl",
        ];
        foreach (var start in expected)
        {
            Assert.IsTrue(failures.Any(f => f.StartsWith(start, StringComparison.Ordinal)), $"'{start}…' in {string.Join(" | ", failures)}");
        }

        Assert.HasCount(expected.Length, failures);
    }

    [TestMethod]
    public void Validate_SampleSettings_Valid()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false).Build();

        var result = new DigestOptionsValidator(Router).Validate(null, sample.GetSection(DigestOptions.SectionName).Get<DigestOptions>()!);

        Assert.IsTrue(result.Succeeded, result.FailureMessage);
        Assert.IsNotEmpty(sample.GetSection(DigestOptions.SectionName).Get<DigestOptions>()!.Recipients);
    }

    [TestMethod]
    [DataRow("digest")]
    [DataRow("Digest")]
    [DataRow("resumen")]
    public void Parse_DigestWords_TheDigestCommand(string text) =>
        Assert.AreEqual(ChatCommandKind.Digest, ChatCommand.Parse(text).Kind);

    private static DigestRecipientOptions Recipient(string? id = null) => new()
    {
        AadObjectId = id ?? Guid.NewGuid().ToString(),
        TimeZone = "Europe/Madrid",
        Departments = ["BILLING"],
        Locale = "es-ES",
    };

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(DigestOptions options) =>
        new DigestOptionsValidator(Router).Validate(null, options);
}
