using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.UnitTests.Cards;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Complaints;

/// <summary>
/// Who gets which view of a complaint that Ana moved from Billing to Logistics, where Luis owns it; Carla (aad-cm) asked
/// for it. The directory is a fake that can fail or hang.
/// </summary>
[TestClass]
public sealed class ComplaintAccessTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task SightAsync_MemberOfItsDepartment_Department()
    {
        var (access, directory) = Create();
        directory.Join(Logistics, "aad-lena");

        var sight = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-lena"), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.Department, sight.Visibility);
        Assert.IsFalse(sight.DirectoryUnavailable);
    }

    [TestMethod]
    public async Task SightAsync_TheRequester_Requester()
    {
        var (access, _) = Create();

        var sight = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("AAD-CM"), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.Requester, sight.Visibility);
    }

    [TestMethod]
    public async Task SightAsync_RequesterGivenByUpn_FoundThroughTheDirectory()
    {
        var (access, directory) = Create();
        directory.Upns["carla@contoso.example"] = "aad-carla";
        var complaint = Complaint.Receive(
            "c-2", Submission() with { Requester = new Requester(null, "carla@contoso.example", "Carla", null) }, RoutedTo(Billing), Api, Start);

        var carla = await access.SightAsync(complaint, new ComplaintViewer("aad-carla"), Budget, TestContext.CancellationToken);
        var someone = await access.SightAsync(complaint, new ComplaintViewer("aad-someone"), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.Requester, carla.Visibility);
        Assert.AreEqual(ComplaintVisibility.Outsider, someone.Visibility);
    }

    [TestMethod]
    public async Task SightAsync_MemberOfTheDepartmentItLeft_FormerDepartment()
    {
        var (access, directory) = Create();
        directory.Join(Billing, Ana.Id);

        var sight = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer(Ana.Id), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.FormerDepartment, sight.Visibility);
        Assert.AreSequenceEqual(new[] { Billing }, sight.FormerDepartmentIds.ToArray());
    }

    [TestMethod]
    public async Task SightAsync_AnyoneElse_Outsider()
    {
        var (access, directory) = Create();
        directory.Join("triage", "aad-tom");

        var member = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-tom"), Budget, TestContext.CancellationToken);
        var nobody = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer(null), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.Outsider, member.Visibility, "a member of another department");
        Assert.AreEqual(ComplaintVisibility.Outsider, nobody.Visibility, "no Entra identity");
        Assert.IsFalse(member.DirectoryUnavailable);
    }

    [TestMethod]
    public async Task SightAsync_AddresseeOfTheAnswer_Requester()
    {
        var (access, _) = Create(new Addressees("a:listed-cm"));

        var sight = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-listed", "a:listed-cm"), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintVisibility.Requester, sight.Visibility);
    }

    [TestMethod]
    public async Task SightAsync_DirectoryUnavailable_OnlyWhatIsKnownWithoutItAndSaysSo()
    {
        var (access, directory) = Create();
        directory.Join(Logistics, "aad-lena");
        directory.Join(Billing, Ana.Id);
        directory.Down = true;

        var member = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-lena"), Budget, TestContext.CancellationToken);
        var former = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer(Ana.Id), Budget, TestContext.CancellationToken);
        var requester = await access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-cm"), Budget, TestContext.CancellationToken);

        Assert.AreEqual(ComplaintSight.Outsider with { DirectoryUnavailable = true }, member, "never Department on a guess");
        Assert.AreEqual(ComplaintSight.Outsider with { DirectoryUnavailable = true }, former);
        Assert.AreEqual(ComplaintSight.Requester with { DirectoryUnavailable = true }, requester, "known by object id");
    }

    [TestMethod]
    public async Task SightAsync_DirectorySlowerThanTheBudget_OutsiderAndSaysSo()
    {
        var time = new FakeTimeProvider(Start);
        var (access, directory) = Create(time: time);
        directory.Join(Logistics, "aad-lena");
        directory.Hang = true;

        var pending = access.SightAsync(ComplaintCardViewTests.Worked(), new ComplaintViewer("aad-lena"), Budget, TestContext.CancellationToken);
        time.Advance(Budget);
        var sight = await pending;

        Assert.AreEqual(ComplaintVisibility.Outsider, sight.Visibility);
        Assert.IsTrue(sight.DirectoryUnavailable);
    }

    private static (ComplaintAccess Access, FakeDirectory Directory) Create(IComplaintAddressees? addressees = null, TimeProvider? time = null)
    {
        var router = new ComplaintRouter([Department(Billing), Department(Logistics), Department("triage")], "triage");
        var directory = new FakeDirectory();
        var access = new ComplaintAccess(directory, router, addressees ?? new NoComplaintAddressees(), time ?? TimeProvider.System, NullLogger<ComplaintAccess>.Instance);
        return (access, directory);
    }

    private static Department Department(string id) => new()
    {
        Id = id,
        Name = id,
        TeamId = "19:team@thread.tacv2",
        ChannelId = $"19:{id}@thread.tacv2",
        EntraGroupId = "group-" + id,
    };

    /// <summary>The answer's addressees: whoever looks from the given conversation.</summary>
    private sealed class Addressees(string conversationId) : IComplaintAddressees
    {
        public bool IsAddressee(Complaint complaint, ComplaintViewer viewer) => viewer.ConversationId == conversationId;
    }

    /// <summary>Members by group, users by UPN; can be down (every answer Unavailable) or hang until cancelled.</summary>
    private sealed class FakeDirectory : IDirectory
    {
        private readonly Dictionary<string, HashSet<string>> _groups = new(StringComparer.OrdinalIgnoreCase);

        public Dictionary<string, string> Upns { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Down { get; set; }

        public bool Hang { get; set; }

        public void Join(string departmentId, string aadObjectId)
        {
            if (!_groups.TryGetValue("group-" + departmentId, out var members))
            {
                _groups["group-" + departmentId] = members = new(StringComparer.OrdinalIgnoreCase);
            }

            members.Add(aadObjectId);
        }

        public async Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken)
        {
            if (await FailAsync<DirectoryUser>(cancellationToken) is { } failed)
            {
                return failed;
            }

            return Upns.TryGetValue(aadObjectIdOrUpn, out var id)
                ? DirectoryLookup.Found(new DirectoryUser(id, "Someone", null, null, aadObjectIdOrUpn))
                : DirectoryLookup.NotFound<DirectoryUser>();
        }

        public async Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken)
        {
            if (await FailAsync<bool>(cancellationToken) is { } failed)
            {
                return failed;
            }

            return DirectoryLookup.Found(_groups.TryGetValue(department.EntraGroupId, out var members) && members.Contains(aadObjectId));
        }

        public Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        private async Task<DirectoryLookup<T>?> FailAsync<T>(CancellationToken cancellationToken)
        {
            if (Hang)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return Down ? DirectoryLookup.Unavailable<T>("down for the test") : null;
        }
    }
}
