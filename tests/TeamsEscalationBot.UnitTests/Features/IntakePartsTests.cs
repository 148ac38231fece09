using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.Features.TeamsIntake;

namespace TeamsEscalationBot.UnitTests.Features;

[TestClass]
public sealed class IntakePartsTests
{
    [TestMethod]
    [DataRow("", "Help", "")]
    [DataRow("HELP", "Help", "")]
    [DataRow("ayuda", "Help", "")]
    [DataRow("new", "New", "")]
    [DataRow("new my parcel never came", "New", "my parcel never came")]
    [DataRow("nueva", "New", "")]
    [DataRow("my", "My", "")]
    [DataRow("status C01JDX4Z8Q3K7FQ2", "Status", "C01JDX4Z8Q3K7FQ2")]
    [DataRow("estado c01jdx4z8q3k7fq2", "Status", "c01jdx4z8q3k7fq2")]
    [DataRow("https://x.com/a/status/1", "Paste", "https://x.com/a/status/1")]
    [DataRow("The delivery arrived broken and late", "Paste", "The delivery arrived broken and late")]
    [DataRow("hello", "Unknown", "hello")]
    public void Parse_TypedText_CommandAndArgument(string text, string kind, string argument)
    {
        var command = ChatCommand.Parse(text);
        Assert.AreEqual(kind, command.Kind.ToString());
        Assert.AreEqual(argument, command.Argument);
    }

    [TestMethod]
    public void FindLink_TrailingPunctuation_Trimmed() =>
        Assert.AreEqual("https://x.com/a/1", ChatCommand.FindLink("see https://x.com/a/1."));

    [TestMethod]
    public void NewId_ConsecutiveMilliseconds_SortInCreationOrder()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(ComplaintIds.New(time));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        CollectionAssert.AreEqual(ids.Order(StringComparer.Ordinal).ToList(), ids);
        Assert.IsTrue(ids.All(id => id.Length == 16 && id[0] == 'C' && ComplaintIds.Normalize(id) == id));
    }

    [TestMethod]
    [DataRow("c01jdx4z8q3k7fq2", "C01JDX4Z8Q3K7FQ2")]
    [DataRow(" C0lJDX4Z8Q3K7FQ2 ", "C01JDX4Z8Q3K7FQ2")]
    [DataRow("CO1JDX4Z8Q3K7FQ2", "C01JDX4Z8Q3K7FQ2")]
    [DataRow("C01JDX4Z8Q3K7FQ", null)]
    [DataRow("X01JDX4Z8Q3K7FQ2", null)]
    [DataRow("C01JDX4Z8Q3K7FQU", null)]
    [DataRow(null, null)]
    public void Normalize_TypedId_CanonicalOrNull(string? typed, string? expected) =>
        Assert.AreEqual(expected, ComplaintIds.Normalize(typed));

    [TestMethod]
    [DataRow("c01jdx", "C01JDX")]
    [DataRow(" c0ljdx4z ", "C01JDX4Z")]
    [DataRow("C01JDX…", "C01JDX")]
    [DataRow("c01jdx4z...", "C01JDX4Z")]
    [DataRow("c01jdx4z8q3k7fq2", "C01JDX4Z8Q3K7FQ2")]
    [DataRow("c", "C")]
    [DataRow("c01jdx4z8q3k7fq2a", null)]
    [DataRow("01jdx4", null)]
    [DataRow("c01-jdx", null)]
    [DataRow("cu1jdx", null)]
    [DataRow("…", null)]
    [DataRow("", null)]
    [DataRow(null, null)]
    public void NormalizePrefix_TypedStartOfAnId_CanonicalOrNull(string? typed, string? expected) =>
        Assert.AreEqual(expected, ComplaintIds.NormalizePrefix(typed));

    [TestMethod]
    public void NormalizePrefix_StartOfANewId_IsAPrefixOfIt()
    {
        var id = ComplaintIds.New(TimeProvider.System);

        Assert.AreEqual(id[..8], ComplaintIds.NormalizePrefix(id[..8].ToLowerInvariant() + "…"));
    }

    [TestMethod]
    public void Validate_DuplicateDepartmentAndUnknownTriage_NamesConfigurationKeys()
    {
        var options = new RoutingOptions
        {
            TriageDepartmentId = "nobody",
            Departments =
            [
                new DepartmentSettings { Id = "billing", Name = "Billing", TeamId = "19:t", ChannelId = "19:c", EntraGroupId = Guid.NewGuid().ToString() },
                new DepartmentSettings { Id = "billing", Name = "Again", TeamId = "19:t", ChannelId = "19:d", EntraGroupId = Guid.NewGuid().ToString() },
            ],
        };

        var result = new RoutingOptionsValidator().Validate(null, options);

        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, "Departments:1:");
        StringAssert.Contains(result.FailureMessage, "Routing:TriageDepartmentId");
    }

    [TestMethod]
    public void Validate_NoDepartments_SaysWhatToConfigure() =>
        StringAssert.Contains(new RoutingOptionsValidator().Validate(null, new RoutingOptions()).FailureMessage, "Departments:0:Id");

    [TestMethod]
    public void Map_CallbackToAllowedHost_Accepted()
    {
        var options = new IntakeOptions();
        options.Sources["brandwatch"] = new IntakeSourceOptions { CallbackSecret = "s", AllowedCallbackHosts = ["*.brandwatch.example"] };
        var (submission, errors) = IntakeRequestMapper.Map(Request() with { CallbackUrl = "https://hooks.brandwatch.example/teb" }, options);
        Assert.IsEmpty(errors);
        Assert.AreEqual("hooks.brandwatch.example", submission!.CallbackUrl!.Host);
    }

    [TestMethod]
    [DataRow("http://hooks.brandwatch.example/teb", "https")]
    [DataRow("https://brandwatch.example.evil.test/teb", "not allowed")]
    [DataRow("https://169.254.169.254/latest", "not allowed")]
    [DataRow("https://hooks.brandwatch.example:8443/teb", "port 8443 is not allowed")]
    [DataRow("https://hooks.brandwatch.example:80/teb", "port 80 is not allowed")]
    public void Map_CallbackElsewhere_Refused(string url, string why)
    {
        var options = new IntakeOptions();
        options.Sources["brandwatch"] = new IntakeSourceOptions { CallbackSecret = "s", AllowedCallbackHosts = ["*.brandwatch.example"] };
        var (_, errors) = IntakeRequestMapper.Map(Request() with { CallbackUrl = url }, options);
        StringAssert.Contains(errors.Single(e => e.Field == "callbackUrl").Message, why);
    }

    [TestMethod]
    public void Map_NetworkAlias_AndDefaultPriority()
    {
        var (submission, errors) = IntakeRequestMapper.Map(Request() with { Network = "Twitter", Priority = null }, new IntakeOptions());
        Assert.IsEmpty(errors);
        Assert.AreEqual(Network.X, submission!.Network);
        Assert.AreEqual(Priority.Normal, submission.Priority);
    }

    [TestMethod]
    [DataRow("myspace", "network 'myspace' is not one of ")]
    [DataRow(null, "network is required: one of ")]
    public void Map_UnknownOrMissingNetwork_ErrorListsExactlyTheAcceptedNames(string? network, string prefix)
    {
        var (_, errors) = IntakeRequestMapper.Map(Request() with { Network = network }, new IntakeOptions());

        var message = errors.Single(e => e.Field == "network").Message;
        StringAssert.StartsWith(message, prefix);
        var listed = message[prefix.Length..].TrimEnd('.').Split(", ");
        // One name per network, each accepted and meaning its own network, and every network named.
        var meanings = listed.Select(name => IntakeRequestMapper.Map(Request() with { Network = name }, new IntakeOptions()).Submission!.Network).ToList();
        Assert.AreSequenceEqual(listed.Select(n => n.ToUpperInvariant()).ToList(), meanings.Select(n => n.ToString().ToUpperInvariant()).ToList());
        CollectionAssert.AreEquivalent(Enum.GetValues<Network>(), meanings);
        Assert.AreSequenceEqual(IntakeRequestMapper.NetworkNames.ToList(), listed.ToList(), "the same names, in the same order, as the intake card's choices");
    }

    [TestMethod]
    public void Map_UnknownPriority_ErrorListsTheCardsPriorities()
    {
        var (_, errors) = IntakeRequestMapper.Map(Request() with { Priority = "urgent" }, new IntakeOptions());
        Assert.AreEqual("priority 'urgent' is not one of low, normal, high, critical.", errors.Single(e => e.Field == "priority").Message);
    }

    [TestMethod]
    public void Map_RequesterWithoutIds_Refused()
    {
        var (_, errors) = IntakeRequestMapper.Map(Request() with { Requester = new IntakeRequester { DisplayName = "Ana" } }, new IntakeOptions());
        Assert.IsTrue(errors.Any(e => e.Field == "requester"));
    }

    [TestMethod]
    public void Find_LegacyApiKey_StableNameNotTheKeyAndEverySource()
    {
        var ring = new IntakeKeyRing(Options.Create(new IntakeOptions { ApiKeys = ["first-key-first-key-first-key-1", "second-key-second-key-second-2"] }));
        var caller = ring.Find("second-key-second-key-second-2");
        Assert.IsNotNull(caller);
        Assert.AreEqual(caller.KeyName, ring.Find(" second-key-second-key-second-2 ".Trim())!.KeyName);
        Assert.DoesNotContain("second", caller.KeyName);
        Assert.IsTrue(caller.AllowsEverySource);
        Assert.IsNull(ring.Find("second-key-second-key-second-3"));
        Assert.IsTrue(ring.IsOpen);
        Assert.AreEqual(2, ring.LegacyKeyCount);
    }

    [TestMethod]
    public void Find_NoKeysConfigured_Closed()
    {
        var ring = new IntakeKeyRing(Options.Create(new IntakeOptions { ApiKeys = ["", "  "] }));
        Assert.IsFalse(ring.IsOpen);
        Assert.IsNull(ring.Find(""));
    }

    [TestMethod]
    [DataRow("short")]
    public void Validate_ShortKey_NamesTheEntry(string key) =>
        StringAssert.Contains(new IntakeOptionsValidator().Validate(null, new IntakeOptions { ApiKeys = ["", key] }).FailureMessage, "Intake:ApiKeys:1");

    private static IntakeRequest Request() => new()
    {
        Source = "brandwatch",
        ExternalId = "1",
        Network = "x",
        AuthorHandle = "@a",
        Text = "text",
    };
}
