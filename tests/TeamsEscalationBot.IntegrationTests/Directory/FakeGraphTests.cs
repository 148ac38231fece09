using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Teamwork.SendActivityNotification;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Graph;
using AzureIdentityAuthenticationProvider = Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider;

namespace TeamsEscalationBot.IntegrationTests.DirectoryTests;

/// <summary>The parts of the fake Graph that the directory does not exercise, for the features that will.</summary>
[TestClass]
public sealed class FakeGraphTests
{
    private static readonly FakeGraphUser Adele = DirectoryFixture.Adele;

    [TestMethod]
    public async Task SendActivityNotification_ThroughTheSdk_NoContentAndRecorded()
    {
        await using var fake = await FakeGraph.StartAsync();
        fake.AddUser(Adele);
        using var http = GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers());
        // Without allowedHosts the Graph flavour of the provider trusts only the Graph clouds' hosts and sends no token here.
        var authentication = new AzureIdentityAuthenticationProvider(
            new FakeTokenCredential(), [new Uri(fake.BaseUrl).Host], null, isCaeEnabled: true, "https://graph.microsoft.com/.default");
        using var graph = new GraphServiceClient(http, authentication, fake.BaseUrl);

        await graph.Users[Adele.Id].Teamwork.SendActivityNotification.PostAsync(new SendActivityNotificationPostRequestBody
        {
            Topic = new TeamworkActivityTopic { Source = TeamworkActivityTopicSource.Text, Value = "Complaint C-1", WebUrl = "https://teams.microsoft.com/l/message/x" },
            ActivityType = "systemDefault",
            PreviewText = new ItemBody { Content = "A complaint is waiting for you" },
        });

        var notification = fake.Notifications.Single();
        Assert.AreEqual(204, notification.Status);
        Assert.AreEqual($"/v1.0/users/{Adele.Id}/teamwork/sendActivityNotification", notification.Path);
        Assert.AreEqual("Complaint C-1", notification.Json!["topic"]!["value"]!.GetValue<string>());
        Assert.AreEqual("Bearer fake-bot-token-1", notification.Authorization);
    }

    [TestMethod]
    public async Task GetUser_Select_OnlySelectedProperties()
    {
        await using var fake = await FakeGraph.StartAsync();
        fake.AddUser(Adele);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{fake.BaseUrl}/users/{Adele.UserPrincipalName}?$select=displayName,jobTitle");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");

        using var response = await http.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        CollectionAssert.AreEquivalent(new[] { "@odata.context", "displayName", "jobTitle" }, json.Select(p => p.Key).ToArray());
    }

    [TestMethod]
    public async Task AnyRequest_WithoutBearerToken_UnauthorizedGraphError()
    {
        await using var fake = await FakeGraph.StartAsync();
        fake.AddUser(Adele);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri($"{fake.BaseUrl}/users/{Adele.Id}"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("InvalidAuthenticationToken", error["code"]!.GetValue<string>());
        Assert.IsNull(fake.Requests.Single().Authorization);
    }
}
