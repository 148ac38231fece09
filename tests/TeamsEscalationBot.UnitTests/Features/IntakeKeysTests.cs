using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Features;

/// <summary>Intake keys bound to sources, their validation on start, and the per-source rules for callbacks and requesters.</summary>
[TestClass]
public sealed class IntakeKeysTests
{
    private const string BrandwatchKey = "brandwatch-key-brandwatch-key-0001";
    private const string SprinklrKey = "sprinklr-key-sprinklr-key-sprinklr-01";

    [TestMethod]
    public void Find_KeyConfiguredByHash_CallerWithItsNameAndSources()
    {
        var ring = Ring(new IntakeKeyOptions { Name = "brandwatch-prod", Hash = Sha256Hex(BrandwatchKey), Sources = ["brandwatch"] });

        var caller = ring.Find(BrandwatchKey);

        Assert.IsNotNull(caller);
        Assert.AreEqual("brandwatch-prod", caller.KeyName);
        Assert.IsTrue(caller.Allows("brandwatch"));
        Assert.IsTrue(caller.Allows(" BrandWatch "), "source names are compared ignoring case and surrounding space");
        Assert.IsFalse(caller.Allows("sprinklr"));
        Assert.IsFalse(caller.Allows(null));
        Assert.IsFalse(caller.AllowsEverySource);
        Assert.IsNull(ring.Find(SprinklrKey));
    }

    [TestMethod]
    public void Find_KeyConfiguredInPlainAndUpperCaseHash_BothFound()
    {
        var ring = Ring(
            new IntakeKeyOptions { Name = "brandwatch", Key = BrandwatchKey, Sources = ["brandwatch"] },
            new IntakeKeyOptions { Name = "sprinklr", Hash = Sha256Hex(SprinklrKey).ToUpperInvariant(), Sources = ["sprinklr", "sprout"] });

        Assert.AreEqual("brandwatch", ring.Find(BrandwatchKey)!.KeyName);
        Assert.AreEqual("sprinklr", ring.Find(SprinklrKey)!.KeyName);
        Assert.IsTrue(ring.Find(SprinklrKey)!.Allows("sprout"));
        Assert.AreEqual(0, ring.LegacyKeyCount);
    }

    [TestMethod]
    public void Find_KeyForEverySource_AllowsAnyName()
    {
        var caller = Ring(new IntakeKeyOptions { Name = "all", Key = BrandwatchKey, Sources = ["*"] }).Find(BrandwatchKey)!;

        Assert.IsTrue(caller.AllowsEverySource);
        Assert.IsTrue(caller.Allows("anything-at-all"));
    }

    [TestMethod]
    public void Validate_WellFormedKeys_Succeeds()
    {
        var options = Options(
            new IntakeKeyOptions { Name = "brandwatch", Hash = Sha256Hex(BrandwatchKey), Sources = ["brandwatch"] },
            new IntakeKeyOptions { Name = "ops.all-sources_1", Key = SprinklrKey, Sources = ["*"] },
            new IntakeKeyOptions());

        Assert.IsTrue(new IntakeOptionsValidator().Validate(null, options).Succeeded, new IntakeOptionsValidator().Validate(null, options).FailureMessage);
    }

    [TestMethod]
    public void Validate_TwoKeysWithTheSameName_NamesBothEntries()
    {
        var options = Options(
            new IntakeKeyOptions { Name = "brandwatch", Key = BrandwatchKey, Sources = ["brandwatch"] },
            new IntakeKeyOptions { Name = "BrandWatch", Key = SprinklrKey, Sources = ["sprinklr"] });

        var message = new IntakeOptionsValidator().Validate(null, options).FailureMessage;

        StringAssert.Contains(message, "Intake:Keys:1:Name 'BrandWatch' is already the name of Intake:Keys:0");
    }

    [TestMethod]
    [DataRow(null, "Intake:Keys:0:Name is required")]
    [DataRow("", "Intake:Keys:0:Name is required")]
    [DataRow("with space", "Intake:Keys:0:Name is required")]
    [DataRow("-leading-dash", "Intake:Keys:0:Name is required")]
    public void Validate_KeyWithoutAUsableName_Fails(string? name, string expected) =>
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = name, Key = BrandwatchKey, Sources = ["brandwatch"] }), expected);

    [TestMethod]
    [DataRow("abc")]
    [DataRow("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde")]
    [DataRow("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg")]
    [DataRow("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab")]
    public void Validate_HashThatIsNotSha256Hex_Fails(string hash) =>
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = "k", Hash = hash, Sources = ["brandwatch"] }), "Intake:Keys:0:Hash must be the SHA-256");

    [TestMethod]
    public void Validate_KeyWithBothHashAndKey_Fails() =>
        StringAssert.Contains(
            Validate(new IntakeKeyOptions { Name = "k", Hash = Sha256Hex(BrandwatchKey), Key = BrandwatchKey, Sources = ["brandwatch"] }),
            "Intake:Keys:0 needs exactly one of Hash");

    [TestMethod]
    public void Validate_KeyWithNeitherHashNorKey_Fails() =>
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = "k", Sources = ["brandwatch"] }), "Intake:Keys:0 needs exactly one of Hash");

    [TestMethod]
    public void Validate_ShortPlainKey_Fails() =>
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = "k", Key = "short", Sources = ["brandwatch"] }), "Intake:Keys:0:Key must be at least 24");

    [TestMethod]
    public void Validate_KeyWithoutSources_Fails()
    {
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = "k", Key = BrandwatchKey }), "Intake:Keys:0:Sources must list");
        StringAssert.Contains(Validate(new IntakeKeyOptions { Name = "k", Key = BrandwatchKey, Sources = ["brandwatch", " "] }), "Intake:Keys:0:Sources must list");
    }

    [TestMethod]
    public void Validate_OneSecretConfiguredTwice_NamesBothPlaces()
    {
        var options = Options(
            new IntakeKeyOptions { Name = "a", Key = BrandwatchKey, Sources = ["brandwatch"] },
            new IntakeKeyOptions { Name = "b", Hash = Sha256Hex(BrandwatchKey), Sources = ["sprinklr"] });
        options.ApiKeys = [BrandwatchKey];

        var message = new IntakeOptionsValidator().Validate(null, options).FailureMessage;

        StringAssert.Contains(message, "Intake:Keys:1 is the same key as Intake:Keys:0");
        StringAssert.Contains(message, "Intake:ApiKeys:0 is the same key as Intake:Keys:0");
    }

    [TestMethod]
    public void Validate_BadPortsAndRequesterDomains_NameTheSource()
    {
        var options = new IntakeOptions();
        options.Sources["brandwatch"] = new IntakeSourceOptions { AllowedCallbackPorts = [0, 70_000, 8443], AllowedRequesterDomains = ["contoso.com", "not a domain"] };

        var message = new IntakeOptionsValidator().Validate(null, options).FailureMessage;

        StringAssert.Contains(message, "Intake:Sources:brandwatch:AllowedCallbackPorts entry 0 is not a TCP port");
        StringAssert.Contains(message, "Intake:Sources:brandwatch:AllowedCallbackPorts entry 70000 is not a TCP port");
        StringAssert.Contains(message, "Intake:Sources:brandwatch:AllowedRequesterDomains entry 'not a domain'");
        Assert.DoesNotContain("8443", message);
        Assert.DoesNotContain("'contoso.com'", message);
    }

    [TestMethod]
    public void Map_CallbackOnAPortTheSourceAllows_Accepted()
    {
        var options = new IntakeOptions();
        options.Sources["brandwatch"] = new IntakeSourceOptions { CallbackSecret = "s", AllowedCallbackHosts = ["hooks.brandwatch.example"], AllowedCallbackPorts = [8443] };

        var (submission, errors) = IntakeRequestMapper.Map(Request() with { CallbackUrl = "https://hooks.brandwatch.example:8443/teb" }, options);

        Assert.IsEmpty(errors);
        Assert.AreEqual(8443, submission!.CallbackUrl!.Port);
    }

    [TestMethod]
    [DataRow("ana@contoso.com")]
    [DataRow("ANA@Contoso.COM")]
    [DataRow("ben@emea.fabrikam.com")]
    public void Map_RequesterInADomainTheSourceAllows_Accepted(string upn)
    {
        var (submission, errors) = IntakeRequestMapper.Map(Request() with { Requester = new IntakeRequester { Upn = upn } }, RestrictedRequesters());

        Assert.IsEmpty(errors);
        Assert.AreEqual(upn, submission!.Requester!.Upn);
    }

    [TestMethod]
    [DataRow("eve@evil.example")]
    [DataRow("eve@contoso.com.evil.example")]
    [DataRow("eve@fabrikam.com")]
    public void Map_RequesterOutsideTheSourcesDomains_Refused(string upn)
    {
        var (submission, errors) = IntakeRequestMapper.Map(Request() with { Requester = new IntakeRequester { Upn = upn } }, RestrictedRequesters());

        Assert.IsNull(submission);
        StringAssert.Contains(errors.Single(e => e.Field == "requester.upn").Message, "contoso.com, *.fabrikam.com");
    }

    [TestMethod]
    public void Map_RequesterByObjectIdWhereDomainsAreRestricted_Refused()
    {
        var requester = new IntakeRequester { AadObjectId = "7d1e5c3a-3333-4b2a-9f1e-6a7b8c9d0e1f", Upn = "ana@contoso.com" };

        var (submission, errors) = IntakeRequestMapper.Map(Request() with { Requester = requester }, RestrictedRequesters());

        Assert.IsNull(submission);
        Assert.AreEqual("requester.aadObjectId", errors.Single().Field, "an object id cannot be checked against a domain");
    }

    [TestMethod]
    public void Map_RequesterOfASourceWithoutDomainRules_AnyDomain()
    {
        var (_, errors) = IntakeRequestMapper.Map(
            Request() with { Source = "sprinklr", Requester = new IntakeRequester { Upn = "eve@evil.example" } }, RestrictedRequesters());

        Assert.IsEmpty(errors);
    }

    [TestMethod]
    [DataRow("requester.displayName")]
    [DataRow("requester.upn")]
    [DataRow("url")]
    [DataRow("source")]
    public void Map_FieldLongerThanTheDocumentedLimit_Refused(string field)
    {
        var max = IntakeLimits.ByField[field];
        var request = field switch
        {
            "requester.displayName" => Request() with { Requester = new IntakeRequester { Upn = "ana@contoso.com", DisplayName = new string('a', max + 1) } },
            "requester.upn" => Request() with { Requester = new IntakeRequester { Upn = new string('a', max) + "@contoso.com" } },
            // Every character fits a URL as sent; the limit applies to what was sent.
            "url" => Request() with { Url = "https://x.com/" + new string('a', max - "https://x.com/".Length + 1) },
            _ => Request() with { Source = "brandwatch" + new string(' ', max) },
        };

        var (submission, errors) = IntakeRequestMapper.Map(request, new IntakeOptions());

        Assert.IsNull(submission);
        Assert.AreEqual($"{field} must be at most {max} characters.", errors.Single(e => e.Field == field).Message);
    }

    [TestMethod]
    public void DevelopmentSettings_IntakeKey_ANamedKeyStillAcceptingTheReadmeKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "TeamsEscalationBot", "appsettings.Development.json"), optional: false)
            .Build();
        var options = configuration.GetSection(IntakeOptions.SectionName).Get<IntakeOptions>(o => o.ErrorOnUnknownConfiguration = true)!;

        Assert.IsTrue(new IntakeOptionsValidator().Validate(null, options).Succeeded);
        Assert.IsEmpty(options.ApiKeys, "Development uses the named shape, so it starts without the migration warning");
        var caller = new IntakeKeyRing(Microsoft.Extensions.Options.Options.Create(options)).Find("local-development-intake-key-0001");
        Assert.IsNotNull(caller);
        Assert.AreEqual("local-development", caller.KeyName);
        Assert.IsTrue(caller.Allows("brandwatch"), "the README's curl commands submit for brandwatch");
    }

    [TestMethod]
    public void SampleSettings_IntakeSection_ValidWithItsExampleKeyBoundToOneSource()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false).Build();
        // Only the keys: the sample leaves each secret (the callback secret among them) blank on purpose.
        var options = new IntakeOptions { Keys = configuration.GetSection(IntakeOptions.SectionName).Get<IntakeOptions>()!.Keys };

        Assert.IsTrue(new IntakeOptionsValidator().Validate(null, options).Succeeded, new IntakeOptionsValidator().Validate(null, options).FailureMessage);
        var key = options.Keys.Single();
        CollectionAssert.AreEqual(new[] { "brandwatch" }, key.Sources);
        Assert.IsFalse(string.IsNullOrWhiteSpace(key.Hash), "the sample shows the hashed form, so no key is written down");
    }

    private static IntakeOptions RestrictedRequesters()
    {
        var options = new IntakeOptions();
        options.Sources["brandwatch"] = new IntakeSourceOptions { AllowedRequesterDomains = ["contoso.com", "*.fabrikam.com"] };
        return options;
    }

    private static IntakeOptions Options(params IntakeKeyOptions[] keys) => new() { Keys = [.. keys] };

    private static IntakeKeyRing Ring(params IntakeKeyOptions[] keys) => new(Microsoft.Extensions.Options.Options.Create(Options(keys)));

    private static string Validate(IntakeKeyOptions key) => new IntakeOptionsValidator().Validate(null, Options(key)).FailureMessage ?? string.Empty;

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static IntakeRequest Request() => new()
    {
        Source = "brandwatch",
        ExternalId = "1",
        Network = "x",
        AuthorHandle = "@a",
        Text = "text",
    };
}
