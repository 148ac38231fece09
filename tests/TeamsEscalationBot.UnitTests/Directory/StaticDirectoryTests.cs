using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.UnitTests.DirectoryTests;

[TestClass]
public sealed class StaticDirectoryTests
{
    private const string AdeleId = "73761f06-2ac9-469c-9f10-279a8cc267f9";
    private const string MeganId = "48d31887-5fad-4d73-a9f5-3c356e68a038";

    private static readonly Department Billing = Department("billing");
    private static readonly Department Logistics = Department("logistics");

    private readonly StaticDirectory _directory = Directory();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task GetUser_ObjectIdInAnyCase_Found()
    {
        var answer = await _directory.GetUserAsync(AdeleId.ToUpperInvariant(), TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.Found>(answer);
        Assert.AreEqual(new DirectoryUser(AdeleId, "Adele Vance", "AdeleV@contoso.com", "Retail Manager", "AdeleV@contoso.com"), found.Value);
    }

    [TestMethod]
    public async Task GetUser_UserPrincipalNameInAnyCase_Found()
    {
        var answer = await _directory.GetUserAsync("adelev@CONTOSO.com", TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.Found>(answer);
        Assert.AreEqual(AdeleId, found.Value.AadObjectId);
    }

    [TestMethod]
    public async Task GetUser_BlankOptionalFields_Null()
    {
        var answer = await _directory.GetUserAsync(MeganId, TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.Found>(answer);
        Assert.AreEqual(new DirectoryUser(MeganId, "Megan Bowen", null, null, null), found.Value);
    }

    [TestMethod]
    [DataRow("0b0e9c5c-5a38-4c9f-8a43-8d0c3f0f1c2d")]
    [DataRow("nobody@contoso.com")]
    public async Task GetUser_Unlisted_NotFound(string key)
    {
        Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.NotFound>(await _directory.GetUserAsync(key, TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task IsDepartmentMember_ListedDepartment_FoundTrue()
    {
        var answer = await _directory.IsDepartmentMemberAsync(AdeleId, Billing, TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<bool>.Found>(answer);
        Assert.IsTrue(found.Value);
    }

    [TestMethod]
    public async Task IsDepartmentMember_UnlistedDepartment_FoundFalse()
    {
        var answer = await _directory.IsDepartmentMemberAsync(AdeleId, Logistics, TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<bool>.Found>(answer);
        Assert.IsFalse(found.Value);
    }

    [TestMethod]
    public async Task IsDepartmentMember_UnlistedUser_NotFound()
    {
        var answer = await _directory.IsDepartmentMemberAsync("0b0e9c5c-5a38-4c9f-8a43-8d0c3f0f1c2d", Billing, TestContext.CancellationToken);

        Assert.IsInstanceOfType<DirectoryLookup<bool>.NotFound>(answer);
    }

    [TestMethod]
    public async Task InstallApp_AnyUser_Installed()
    {
        var answer = await _directory.InstallAppForUserAsync(MeganId, TestContext.CancellationToken);

        var found = Assert.IsInstanceOfType<DirectoryLookup<bool>.Found>(answer);
        Assert.IsTrue(found.Value);
    }

    private static StaticDirectory Directory()
    {
        var options = new DirectoryOptions { Provider = DirectoryProvider.Static };
        var adele = new StaticDirectoryUser
        {
            AadObjectId = AdeleId,
            DisplayName = "Adele Vance",
            Mail = "AdeleV@contoso.com",
            JobTitle = "Retail Manager",
            UserPrincipalName = "AdeleV@contoso.com",
        };
        adele.Departments.Add("BILLING");
        options.Static.Users.Add(adele);
        options.Static.Users.Add(new StaticDirectoryUser { AadObjectId = MeganId.ToUpperInvariant(), DisplayName = "Megan Bowen", Mail = " " });
        return new StaticDirectory(Options.Create(options));
    }

    private static Department Department(string id) => new()
    {
        Id = id,
        Name = id,
        TeamId = $"team-{id}",
        ChannelId = $"19:{id}@thread.tacv2",
        EntraGroupId = Guid.NewGuid().ToString(),
    };
}
