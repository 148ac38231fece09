using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.UnitTests.BotFramework;

[TestClass]
public sealed class BotFrameworkOptionsTests
{
    private const string AppId = "4b5a3c1e-9d1f-4b36-9a41-7c2e8f0d1a22";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    [TestMethod]
    public void Validate_AllowUnauthenticatedOutsideDevelopment_RefusedNamingTheKey()
    {
        var result = Validate(Environments.Production, new BotFrameworkOptions { AppId = AppId, TenantId = TenantId, AllowUnauthenticated = true });
        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, "Bot:AllowUnauthenticated=true is honoured only in the Development environment");
    }

    [TestMethod]
    public void Validate_AllowUnauthenticatedInDevelopment_Accepted() =>
        Assert.IsTrue(Validate(Environments.Development, new BotFrameworkOptions { AllowUnauthenticated = true }).Succeeded);

    [TestMethod]
    public void Validate_ProductionWithoutIdentity_NamesAppIdAndTenantId()
    {
        var result = Validate(Environments.Production, new BotFrameworkOptions());
        StringAssert.Contains(result.FailureMessage, "Bot:AppId");
        StringAssert.Contains(result.FailureMessage, "Bot:TenantId");
    }

    [TestMethod]
    public void Validate_ClientSecretCredentialWithoutSecret_NamesClientSecret()
    {
        var result = Validate(Environments.Production, new BotFrameworkOptions { AppId = AppId, TenantId = TenantId, CredentialType = BotCredentialType.ClientSecret });
        StringAssert.Contains(result.FailureMessage, "Bot:ClientSecret");
    }

    [TestMethod]
    public void Validate_CertificateThatDoesNotExist_NamesPath()
    {
        var result = Validate(Environments.Production, new BotFrameworkOptions
        {
            AppId = AppId, TenantId = TenantId, CredentialType = BotCredentialType.Certificate, CertificatePath = "/nope/bot.pfx",
        });
        StringAssert.Contains(result.FailureMessage, "Bot:CertificatePath '/nope/bot.pfx' does not exist");
    }

    [TestMethod]
    [DataRow("http://login.example.com/metadata")]
    [DataRow("not a url")]
    public void Validate_InsecureMetadataUrl_Refused(string url)
    {
        var result = Validate(Environments.Production, new BotFrameworkOptions { AppId = AppId, TenantId = TenantId, OpenIdMetadataUrl = url });
        StringAssert.Contains(result.FailureMessage, "Bot:OpenIdMetadataUrl");
    }

    [TestMethod]
    public void Validate_BadTrustedServiceUrlEntry_NamesIt()
    {
        var options = new BotFrameworkOptions { AppId = AppId, TenantId = TenantId };
        options.TrustedServiceUrls.Add("ftp://files.example.com/");
        StringAssert.Contains(Validate(Environments.Production, options).FailureMessage, "'ftp://files.example.com/'");
    }

    [TestMethod]
    [DataRow("webchat")]
    [DataRow("emulator")]
    [DataRow("MSTEAMS")]
    public void Validate_ProductionListingAnotherChannel_RefusedNamingTheKey(string channel)
    {
        var options = new BotFrameworkOptions { AppId = AppId, TenantId = TenantId };
        options.AllowedChannels.Add(channel);

        var result = Validate(Environments.Production, options);

        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, $"Bot:AllowedChannels:0 is '{channel}'");
    }

    [TestMethod]
    public void Validate_ProductionListingTeams_Accepted()
    {
        var options = new BotFrameworkOptions { AppId = AppId, TenantId = TenantId };
        options.AllowedChannels.Add("msteams");

        Assert.IsTrue(Validate(Environments.Production, options).Succeeded);
    }

    [TestMethod]
    public void Validate_DevelopmentListingAnEmulator_Accepted()
    {
        var options = new BotFrameworkOptions();
        options.AllowedChannels.Add("emulator");

        Assert.IsTrue(Validate(Environments.Development, options).Succeeded);
    }

    [TestMethod]
    public void Validate_BlankChannel_RefusedNamingTheEntry()
    {
        var options = new BotFrameworkOptions();
        options.AllowedChannels.Add(" ");

        StringAssert.Contains(Validate(Environments.Development, options).FailureMessage, "Bot:AllowedChannels:0 is empty");
    }

    [TestMethod]
    [DataRow("Development")]
    [DataRow("Production")]
    public void PostConfigure_NoAllowedChannels_TeamsOnly(string environment)
    {
        var options = new BotFrameworkOptions();
        new BotFrameworkOptionsDefaults(Host(environment)).PostConfigure(null, options);
        CollectionAssert.AreEqual(new[] { "msteams" }, options.AllowedChannels.ToArray());
    }

    [TestMethod]
    public void PostConfigure_ChannelsListed_KeptAsTheyAre()
    {
        var options = new BotFrameworkOptions();
        options.AllowedChannels.Add("emulator");
        new BotFrameworkOptionsDefaults(Host(Environments.Development)).PostConfigure(null, options);
        CollectionAssert.AreEqual(new[] { "emulator" }, options.AllowedChannels.ToArray());
    }

    [TestMethod]
    [DataRow("Development", BotCredentialType.None)]
    [DataRow("Production", BotCredentialType.ManagedIdentity)]
    public void PostConfigure_NoCredentialType_DefaultDependsOnEnvironment(string environment, BotCredentialType expected)
    {
        var options = new BotFrameworkOptions();
        new BotFrameworkOptionsDefaults(Host(environment)).PostConfigure(null, options);
        Assert.AreEqual(expected, options.CredentialType);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(string environment, BotFrameworkOptions options) =>
        new BotFrameworkOptionsValidator(Host(environment)).Validate(null, options);

    private static HostingEnvironment Host(string environment) => new() { EnvironmentName = environment };
}
