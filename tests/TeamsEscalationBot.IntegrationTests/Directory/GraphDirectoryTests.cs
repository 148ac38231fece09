using System.Net;
using System.Net.Sockets;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.TestHarness.Graph;
using static TeamsEscalationBot.IntegrationTests.DirectoryTests.DirectoryFixture;

namespace TeamsEscalationBot.IntegrationTests.DirectoryTests;

/// <summary>GraphDirectory through the real Microsoft Graph SDK against a fake Graph on loopback.</summary>
[TestClass]
public sealed class GraphDirectoryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task GetUser_ByObjectId_ProfileWithSelectedProperties()
    {
        await using var fixture = await StartAsync();

        var user = AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));

        Assert.AreEqual(new DirectoryUser(Adele.Id, "Adele Vance", "AdeleV@contoso.com", "Retail Manager", "AdeleV@contoso.com"), user);
        var request = (await fixture.Graph.WaitForRequestsAsync(r => r.IsUserGet, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual($"/v1.0/users/{Adele.Id}", request.Path);
        StringAssert.Contains(Uri.UnescapeDataString(request.Query), "$select=id,displayName,mail,jobTitle,userPrincipalName");
    }

    [TestMethod]
    public async Task GetUser_ByUserPrincipalName_Profile()
    {
        await using var fixture = await StartAsync();

        var user = AssertFound(await fixture.Directory.GetUserAsync("adelev@CONTOSO.com", TestContext.CancellationToken));

        Assert.AreEqual(Adele.Id, user.AadObjectId);
        Assert.AreEqual("Adele Vance", user.DisplayName);
    }

    [TestMethod]
    public async Task GetUser_GuestUserPrincipalNameWithHash_EscapedAndFound()
    {
        await using var fixture = await StartAsync();

        var user = AssertFound(await fixture.Directory.GetUserAsync(Guest.UserPrincipalName!, TestContext.CancellationToken));

        Assert.AreEqual(Guest.Id, user.AadObjectId);
        Assert.IsNull(user.JobTitle);
    }

    [TestMethod]
    public async Task GetUser_UnknownUser_NotFound()
    {
        await using var fixture = await StartAsync();

        var answer = await fixture.Directory.GetUserAsync("0b0e9c5c-5a38-4c9f-8a43-8d0c3f0f1c2d", TestContext.CancellationToken);

        Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.NotFound>(answer);
        Assert.AreEqual(404, fixture.Graph.Requests.Single().Status);
    }

    [TestMethod]
    [DataRow("not a user")]
    [DataRow("users/../groups")]
    [DataRow("@contoso.com")]
    public async Task GetUser_NeitherObjectIdNorUpn_NotFoundWithoutCallingGraph(string key)
    {
        await using var fixture = await StartAsync();

        var answer = await fixture.Directory.GetUserAsync(key, TestContext.CancellationToken);

        Assert.IsInstanceOfType<DirectoryLookup<DirectoryUser>.NotFound>(answer);
        Assert.AreEqual(0, fixture.Graph.ReceivedCount);
    }

    [TestMethod]
    public async Task IsDepartmentMember_DirectMember_FoundTrue()
    {
        await using var fixture = await StartAsync();

        Assert.IsTrue(AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken)));

        var request = (await fixture.Graph.WaitForRequestsAsync(r => r.IsCheckMemberGroups, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual($"/v1.0/users/{Adele.Id}/checkMemberGroups", request.Path);
        Assert.AreEqual(BillingGroupId, request.Json!["groupIds"]![0]!.GetValue<string>());
    }

    [TestMethod]
    public async Task IsDepartmentMember_MemberThroughNestedGroup_FoundTrue()
    {
        await using var fixture = await StartAsync();

        Assert.IsTrue(AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Megan.Id, Billing, TestContext.CancellationToken)));
    }

    [TestMethod]
    public async Task IsDepartmentMember_NotMember_FoundFalse()
    {
        await using var fixture = await StartAsync();

        Assert.IsFalse(AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Sales, TestContext.CancellationToken)));
    }

    [TestMethod]
    public async Task IsDepartmentMember_UnknownUser_NotFound()
    {
        await using var fixture = await StartAsync();

        var answer = await fixture.Directory.IsDepartmentMemberAsync("0b0e9c5c-5a38-4c9f-8a43-8d0c3f0f1c2d", Billing, TestContext.CancellationToken);

        Assert.IsInstanceOfType<DirectoryLookup<bool>.NotFound>(answer);
    }

    [TestMethod]
    public async Task IsDepartmentMember_DepartmentGroupIdNotGuid_UnavailableWithoutCallingGraph()
    {
        await using var fixture = await StartAsync();

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Department("broken", "billing-group"), TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "EntraGroupId");
        Assert.AreEqual(0, fixture.Graph.ReceivedCount);
    }

    [TestMethod]
    public async Task GetUser_OneThrottleWithRetryAfter_SdkRetriesAndSucceeds()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(429) { RetryAfter = TimeSpan.FromSeconds(1) });

        var user = AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));

        Assert.AreEqual(Adele.Id, user.AadObjectId);
        CollectionAssert.AreEqual(new[] { 429, 200 }, fixture.Graph.Requests.Select(r => r.Status).ToArray());
    }

    [TestMethod]
    public async Task IsDepartmentMember_PersistentThrottling_UnavailableNotNotMember()
    {
        await using var fixture = await StartAsync();
        // The SDK's retry handler makes 1 + 3 attempts.
        fixture.Graph.EnqueueFault(new GraphFault(429, Count: 4) { RetryAfter = TimeSpan.FromSeconds(1) });

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken);

        var unavailable = AssertUnavailable(answer);
        Assert.AreEqual(TimeSpan.FromSeconds(1), unavailable.RetryAfter);
        StringAssert.Contains(unavailable.Reason, "429");
        Assert.AreEqual(4, fixture.Graph.Requests.Count(r => r.Status == 429));

        // Not cached: once Graph answers again, so does the directory.
        Assert.IsTrue(AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken)));
    }

    [TestMethod]
    public async Task IsDepartmentMember_PersistentOutage_UnavailableNotNotMember()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(503, Count: 4) { RetryAfter = TimeSpan.FromSeconds(1) });

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "503");
        Assert.AreEqual(4, fixture.Graph.Requests.Count(r => r.Status == 503));
    }

    [TestMethod]
    public async Task IsDepartmentMember_ThrottledLongerThanMaxRetryWait_UnavailableAtOnceWithGraphsWait()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(429) { RetryAfter = TimeSpan.FromSeconds(120) });

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken);

        Assert.AreEqual(TimeSpan.FromSeconds(120), AssertUnavailable(answer).RetryAfter);
        Assert.AreEqual(1, fixture.Graph.Requests.Count, "a wait longer than Graph:MaxRetryWait is handed back, not spent");
    }

    [TestMethod]
    public async Task IsDepartmentMember_Forbidden_UnavailableNamingPermissionAndErrorLoggedOncePerMinute()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(403, Count: 3));

        var first = AssertUnavailable(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken));
        AssertUnavailable(await fixture.Directory.IsDepartmentMemberAsync(Megan.Id, Billing, TestContext.CancellationToken));

        StringAssert.Contains(first.Reason, "GroupMember.Read.All");
        Assert.HasCount(1, fixture.ErrorLogs());
        StringAssert.Contains(fixture.ErrorLogs()[0].Message, "GroupMember.Read.All");

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        AssertUnavailable(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken));
        Assert.HasCount(2, fixture.ErrorLogs());
    }

    [TestMethod]
    public async Task GetUser_Forbidden_UnavailableNamingUserReadAll()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(403));

        var answer = await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "User.Read.All");
    }

    [TestMethod]
    public async Task IsDepartmentMember_GraphUnreachable_Unavailable()
    {
        await using var fixture = await StartAsync(new Dictionary<string, string?> { ["Graph:BaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/v1.0" });

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "could not be reached");
    }

    [TestMethod]
    public async Task IsDepartmentMember_GraphSlowerThanTimeout_Unavailable()
    {
        await using var fixture = await StartAsync(new Dictionary<string, string?> { ["Graph:Timeout"] = "00:00:01", ["Graph:MaxRetryWait"] = "00:00:00" });
        fixture.Graph.HoldAnswers();

        var answer = await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "Graph:Timeout");
    }

    [TestMethod]
    public async Task IsDepartmentMember_CallerCancels_CancellationNotAnAnswer()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.HoldAnswers();
        using var cancellation = new CancellationTokenSource();

        var lookup = fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, cancellation.Token);
        await fixture.Graph.WaitForReceivedAsync(1, cancellationToken: TestContext.CancellationToken);
        await cancellation.CancelAsync();

        await Assert.ThrowsAsync<OperationCanceledException>(() => lookup, "a caller that gave up gets no answer at all");
    }

    [TestMethod]
    public async Task InstallApp_NotInstalled_InstalledFromCatalog()
    {
        await using var fixture = await StartAsync();

        Assert.IsTrue(AssertFound(await fixture.Directory.InstallAppForUserAsync(Adele.Id, TestContext.CancellationToken)));

        var request = (await fixture.Graph.WaitForRequestsAsync(r => r.IsInstallApp, cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual(201, request.Status);
        Assert.AreEqual($"/v1.0/users/{Adele.Id}/teamwork/installedApps", request.Path);
        Assert.AreEqual($"{fixture.Graph.BaseUrl}/appCatalogs/teamsApps/{CatalogAppId}", request.Json!["teamsApp@odata.bind"]!.GetValue<string>());
        CollectionAssert.AreEqual(new[] { CatalogAppId }, fixture.Graph.InstalledApps(Adele.Id).ToArray());
    }

    [TestMethod]
    public async Task InstallApp_AlreadyInstalled_ConflictMeansInstalled()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.MarkInstalled(Adele.Id, CatalogAppId);

        Assert.IsTrue(AssertFound(await fixture.Directory.InstallAppForUserAsync(Adele.Id, TestContext.CancellationToken)));

        Assert.AreEqual(409, fixture.Graph.Requests.Single().Status);
    }

    [TestMethod]
    public async Task InstallApp_UnknownUser_NotFound()
    {
        await using var fixture = await StartAsync();

        var answer = await fixture.Directory.InstallAppForUserAsync("0b0e9c5c-5a38-4c9f-8a43-8d0c3f0f1c2d", TestContext.CancellationToken);

        Assert.IsInstanceOfType<DirectoryLookup<bool>.NotFound>(answer);
    }

    [TestMethod]
    public async Task InstallApp_Forbidden_UnavailableNamingPermission()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.EnqueueFault(new GraphFault(403));

        var answer = await fixture.Directory.InstallAppForUserAsync(Adele.Id, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "TeamsAppInstallation.ReadWriteForUser.All");
    }

    [TestMethod]
    public async Task InstallApp_CatalogAppIdNotConfigured_UnavailableWithoutCallingGraph()
    {
        await using var fixture = await StartAsync(new Dictionary<string, string?> { ["Teams:CatalogAppId"] = null });

        var answer = await fixture.Directory.InstallAppForUserAsync(Adele.Id, TestContext.CancellationToken);

        StringAssert.Contains(AssertUnavailable(answer).Reason, "Teams:CatalogAppId");
        Assert.AreEqual(0, fixture.Graph.ReceivedCount);
    }

    [TestMethod]
    public async Task GetUser_BotCredential_BearerTokenForGraphScopeReachesGraph()
    {
        await using var fixture = await StartAsync();

        AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));

        Assert.AreEqual("Bearer fake-bot-token-1", fixture.Graph.Requests.Single().Authorization);
        CollectionAssert.AreEqual(new[] { "https://graph.microsoft.com/.default" }, fixture.Credential.LastScopes.ToArray());
    }

    [TestMethod]
    public async Task GetUser_SecondLookupWithinCacheLifetime_NoRequest()
    {
        await using var fixture = await StartAsync(new Dictionary<string, string?> { ["Directory:CacheLifetime"] = "00:02:00" });

        AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));
        Assert.AreEqual(1, fixture.Graph.Requests.Count);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        AssertFound(await fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken));
        Assert.AreEqual(2, fixture.Graph.Requests.Count, "expired after Directory:CacheLifetime");
    }

    [TestMethod]
    public async Task IsDepartmentMember_SecondCheck_NoRequest()
    {
        await using var fixture = await StartAsync();

        AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken));
        AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Billing, TestContext.CancellationToken));
        AssertFound(await fixture.Directory.IsDepartmentMemberAsync(Adele.Id, Sales, TestContext.CancellationToken));

        Assert.AreEqual(2, fixture.Graph.Requests.Count, "one check per (user, group)");
    }

    [TestMethod]
    public async Task GetUser_FiftyConcurrentLookups_OneGraphRequest()
    {
        await using var fixture = await StartAsync();
        fixture.Graph.HoldAnswers();

        var lookups = Enumerable.Range(0, 50).Select(_ => fixture.Directory.GetUserAsync(Adele.Id, TestContext.CancellationToken)).ToList();
        await fixture.Graph.WaitForReceivedAsync(1, cancellationToken: TestContext.CancellationToken);
        fixture.Graph.ReleaseAnswers();
        var answers = await Task.WhenAll(lookups);

        Assert.IsTrue(answers.All(a => a is DirectoryLookup<DirectoryUser>.Found { Value.DisplayName: "Adele Vance" }));
        Assert.AreEqual(1, fixture.Graph.Requests.Count);
        Assert.AreEqual(1, fixture.Graph.ReceivedCount);
    }

    private static T AssertFound<T>(DirectoryLookup<T> answer) =>
        answer is DirectoryLookup<T>.Found found ? found.Value : throw new AssertFailedException($"Expected Found, got {answer}.");

    private static DirectoryLookup<T>.Unavailable AssertUnavailable<T>(DirectoryLookup<T> answer) =>
        answer as DirectoryLookup<T>.Unavailable ?? throw new AssertFailedException($"Expected Unavailable, got {answer}.");

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
