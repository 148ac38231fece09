using Microsoft.Extensions.Configuration;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Relay;

[TestClass]
public sealed class RelayOptionsTests
{
    private const string Cm = "7d1e5c3a-3333-4b2a-9f1e-6a7b8c9d0e1f";

    [TestMethod]
    public void Validate_Defaults_Succeeds() =>
        Assert.IsTrue(new RelayOptionsValidator().Validate(null, new RelayOptions()).Succeeded);

    [TestMethod]
    public void Validate_SampleSettings_Succeeds()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false).Build();
        var options = sample.GetSection(RelayOptions.SectionName).Get<RelayOptions>()!;

        var result = new RelayOptionsValidator().Validate(null, options);

        Assert.IsTrue(result.Succeeded, result.FailureMessage);
        Assert.IsTrue(options.TargetFor("brandwatch")!.CommunityManagers.Count == 1 && options.TargetFor("other")!.IsChannel);
    }

    [TestMethod]
    public void Validate_ChannelAndManagers_Valid()
    {
        var options = new RelayOptions();
        options.DefaultTargets["*"] = new RelayTargetOptions { TeamId = "19:team@thread.tacv2", ChannelId = "19:cm@thread.tacv2" };
        options.DefaultTargets["brandwatch"] = new RelayTargetOptions { CommunityManagers = [Cm] };

        Assert.IsTrue(new RelayOptionsValidator().Validate(null, options).Succeeded);
    }

    [TestMethod]
    public void Validate_BadTargets_MessagesNameTheKeys()
    {
        var options = new RelayOptions();
        options.DefaultTargets["both"] = new RelayTargetOptions { TeamId = "19:t", ChannelId = "19:c", CommunityManagers = [Cm] };
        options.DefaultTargets["neither"] = new RelayTargetOptions();
        options.DefaultTargets["noteam"] = new RelayTargetOptions { ChannelId = "19:c" };
        options.DefaultTargets["badid"] = new RelayTargetOptions { CommunityManagers = ["carla@contoso.example"] };
        options.Callback.Timeout = TimeSpan.FromMinutes(5);
        options.Callback.TrustedCertificateThumbprints.Add("ABC");

        var failures = new RelayOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.HasCount(6, failures, string.Join(Environment.NewLine, failures));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:DefaultTargets:both needs either", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:DefaultTargets:neither needs either", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:DefaultTargets:noteam:TeamId is required", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:DefaultTargets:badid:CommunityManagers:0 must be an Entra object id", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:Callback:Timeout must be between", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Relay:Callback:TrustedCertificateThumbprints:0", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("brandwatch", "own")]
    [DataRow("BRANDWATCH", "own")]
    [DataRow("talkwalker", "star")]
    public void TargetFor_Source_OwnEntryElseStar(string source, string expected)
    {
        var options = new RelayOptions();
        options.DefaultTargets["brandwatch"] = new RelayTargetOptions { TeamId = "t", ChannelId = "own" };
        options.DefaultTargets["*"] = new RelayTargetOptions { TeamId = "t", ChannelId = "star" };

        Assert.AreEqual(expected, options.TargetFor(source)!.ChannelId);
    }

    [TestMethod]
    public void TargetFor_DefaultAlias_UsedWhenNoStar()
    {
        var options = new RelayOptions();
        options.DefaultTargets["Default"] = new RelayTargetOptions { TeamId = "t", ChannelId = "alias" };

        Assert.AreEqual("alias", options.TargetFor("anything")!.ChannelId);
        Assert.IsNull(new RelayOptions().TargetFor("anything"));
    }
}
