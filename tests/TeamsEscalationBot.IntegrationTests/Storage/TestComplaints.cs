using System.Text.Json;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>Complaints and outbox items for storage tests, built through the domain's public operations.</summary>
internal static class TestComplaints
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Actor Api = new("source:listening-tool", "Listening tool", ActorKind.Api);
    public static readonly Actor Ana = new("aad-ana", "Ana Ruiz", ActorKind.User);
    public static readonly Actor Cm = new("aad-cm", "Carla Méndez", ActorKind.User);

    public static Complaint New(
        string id,
        string? externalId = null,
        string source = "listening-tool",
        string department = "billing",
        string? requesterAadObjectId = "aad-cm",
        DateTimeOffset? at = null)
    {
        var submission = new ComplaintSubmission
        {
            Source = source,
            ExternalId = externalId ?? "post-" + id,
            Network = Network.X,
            AuthorHandle = "@angry_customer",
            Text = "My invoice is wrong, ¿dónde está mi reembolso?",
            PostUrl = new Uri("https://x.com/angry_customer/status/42"),
            Language = "en",
            Priority = Priority.High,
            Requester = requesterAadObjectId is null ? null : new Requester(requesterAadObjectId, "carla@contoso.example", "Carla Méndez", "29:cm"),
            CallbackUrl = new Uri("https://tool.example/callbacks/42"),
        };
        var routing = new RoutingDecision(department, RoutingRule.Keyword, ["invoice"], $"Sent to {department} because the text mentions: invoice.");
        return Complaint.Receive(id, submission, routing, Api, at ?? Start);
    }

    /// <summary>Received → Open, as the post-card handler would record it.</summary>
    public static Complaint Opened(Complaint complaint, DateTimeOffset? at = null)
    {
        var now = at ?? Start.AddMinutes(1);
        var card = new ChannelCard(complaint.DepartmentId, $"19:{complaint.DepartmentId}@thread.tacv2;messageid=1", "act-1", now);
        MustSucceed(complaint.RecordCardPosted(card, now));
        return complaint;
    }

    public static void MustSucceed(TransitionResult result) => Assert.IsTrue(result.Succeeded, result.Refusal?.Reason);

    public static OutboxItem PostCard(string complaintId, DateTimeOffset? notBefore = null) =>
        OutboxItem.Create("post-card", complaintId, """{"department":"billing"}""", notBefore ?? Start);

    /// <summary>The whole complaint as JSON, to compare what was stored with what was read back.</summary>
    public static string Json(Complaint complaint) => JsonSerializer.Serialize(complaint.ToSnapshot());
}
