using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Features.Reports;

[TestClass]
public sealed class ReportOptionsTests
{
    private const string Secret = "report-key-for-unit-tests-0001";

    [TestMethod]
    public void Validate_Defaults_Valid() =>
        Assert.IsTrue(new ReportOptionsValidator().Validate(null, new ReportOptions()).Succeeded);

    [TestMethod]
    public void Validate_KeyAndHashEntries_Valid()
    {
        var options = Options(new() { Name = "board", Key = Secret }, new() { Name = "bi.tool", Hash = HexHash(Secret).ToUpperInvariant() });

        Assert.IsTrue(new ReportOptionsValidator().Validate(null, options).Succeeded);
    }

    [TestMethod]
    [DataRow(null, Secret, null, "Reports:Keys:0:Name is required")]
    [DataRow("has space", Secret, null, "Reports:Keys:0:Name is required")]
    [DataRow("board", null, null, "Reports:Keys:0 needs exactly one of Key or Hash")]
    [DataRow("board", Secret, "00", "Reports:Keys:0 needs exactly one of Key or Hash")]
    [DataRow("board", "short-key", null, "Reports:Keys:0:Key must be at least 24 characters")]
    [DataRow("board", null, "not-a-hash", "Reports:Keys:0:Hash must be 64 hexadecimal characters")]
    public void Validate_BadKey_MessageNamesTheKey(string? name, string? key, string? hash, string expected)
    {
        var result = new ReportOptionsValidator().Validate(null, Options(new ReportKeySettings { Name = name, Key = key, Hash = hash }));

        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, expected);
    }

    [TestMethod]
    public void Validate_DuplicateNamesIgnoringCase_Refused()
    {
        var result = new ReportOptionsValidator().Validate(null, Options(new() { Name = "board", Key = Secret }, new() { Name = "BOARD", Key = Secret + "x" }));

        StringAssert.Contains(result.FailureMessage, "Reports:Keys:1:Name 'BOARD' is used by another report key.");
    }

    [TestMethod]
    public void Validate_UnknownTimeZoneAndRate_BothNamed()
    {
        var result = new ReportOptionsValidator().Validate(null, new ReportOptions { TimeZone = "Mars/Olympus", RequestsPerMinute = 0 });

        StringAssert.Contains(result.FailureMessage, "Reports:TimeZone 'Mars/Olympus'");
        StringAssert.Contains(result.FailureMessage, "Reports:RequestsPerMinute must be between 1 and 100000.");
    }

    [TestMethod]
    public void Validate_SampleSettings_Valid()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false).Build();

        var result = new ReportOptionsValidator().Validate(null, sample.GetSection(ReportOptions.SectionName).Get<ReportOptions>()!);

        Assert.IsTrue(result.Succeeded, result.FailureMessage);
    }

    [TestMethod]
    public void Find_KeyOrHashConfigured_NameOfTheMatchingKey()
    {
        var ring = new ReportKeyRing(Microsoft.Extensions.Options.Options.Create(Options(
            new() { Name = "board", Key = " " + Secret + " " },
            new() { Name = "bi", Hash = HexHash("another-report-key-000000002") })));

        Assert.AreEqual("board", ring.Find(Secret));
        Assert.AreEqual("bi", ring.Find("another-report-key-000000002"));
        Assert.IsNull(ring.Find(Secret + "x"));
        Assert.IsNull(ring.Find(string.Empty));
    }

    private static ReportOptions Options(params ReportKeySettings[] keys) => new() { Keys = [.. keys] };

    private static string HexHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
