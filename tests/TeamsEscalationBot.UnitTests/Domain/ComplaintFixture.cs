using System.Text.Json;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.UnitTests.Domain;

/// <summary>Complaints in every state, built through the public operations only.</summary>
internal static class ComplaintFixture
{
    public const string Billing = "billing";
    public const string Logistics = "logistics";

    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly Actor Api = new("source:listening-tool", "Listening tool", ActorKind.Api);
    public static readonly Actor Ana = new("aad-ana", "Ana Ruiz", ActorKind.User);
    public static readonly Actor Luis = new("aad-luis", "Luis Gómez", ActorKind.User);
    public static readonly Actor Cm = new("aad-cm", "Carla Méndez", ActorKind.CommunityManager);

    public static ComplaintSubmission Submission(string? departmentId = null, string? category = null, string text = "My invoice is wrong") => new()
    {
        Source = "listening-tool",
        ExternalId = "post-42",
        Network = Network.X,
        AuthorHandle = "@angry_customer",
        Text = text,
        PostUrl = new Uri("https://x.com/angry_customer/status/42"),
        Language = "en",
        Priority = Priority.High,
        Category = category,
        DepartmentId = departmentId,
        Requester = new Requester("aad-cm", "carla@contoso.example", "Carla Méndez", "29:cm"),
        CallbackUrl = new Uri("https://tool.example/callbacks/42"),
    };

    public static RoutingDecision RoutedTo(string departmentId) =>
        new(departmentId, RoutingRule.Keyword, ["invoice"], $"Sent to {departmentId} because the text mentions: invoice.");

    public static Complaint Received(ComplaintSubmission? submission = null) =>
        Complaint.Receive("c-1", submission ?? Submission(), RoutedTo(Billing), Api, Start);

    public static ChannelCard Card(string departmentId, int n = 1) =>
        new(departmentId, $"19:{departmentId}@thread.tacv2;messageid={n}", $"act-{departmentId}-{n}", Start.AddMinutes(n));

    /// <summary>Received → Open → Claimed (Ana) → Answered → Closed (accepted by the CM), stopping at <paramref name="state"/>.</summary>
    public static Complaint InState(ComplaintState state)
    {
        var complaint = Received();
        var steps = new Func<Complaint, TransitionResult>[]
        {
            c => c.RecordCardPosted(Card(Billing), Start.AddMinutes(1)),
            c => c.Claim(Ana, Start.AddMinutes(2)),
            c => c.Resolve(Ana, "We are refunding you today.", Start.AddMinutes(3)),
            c => c.Accept(Cm, Start.AddMinutes(4)),
        };
        foreach (var step in steps.Take((int)state))
        {
            MustSucceed(step(complaint));
        }

        return complaint;
    }

    public static ComplaintEvent MustSucceed(TransitionResult result)
    {
        Assert.IsTrue(result.Succeeded, result.Refusal?.Reason);
        return result.Event;
    }

    public static Refusal MustRefuse(TransitionResult result)
    {
        Assert.IsFalse(result.Succeeded, $"Expected a refusal, got event {result.Event?.Kind}.");
        return result.Refusal;
    }

    /// <summary>The whole complaint as JSON, to compare before and after.</summary>
    public static string Json(Complaint complaint) => JsonSerializer.Serialize(complaint.ToSnapshot());
}
