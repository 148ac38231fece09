using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness.Host;

/// <summary>Teams-shaped inbound activities (fields as real Teams payloads carry them) addressed to the test bot.</summary>
internal static class Activities
{
    public const string BotId = "28:" + BotApp.AppId;
    public const string PersonalConversationId = "a:1personal-chat-with-ana";
    public const string TeamId = "19:team-general@thread.tacv2";
    public const string ChannelId = "19:billing-channel@thread.tacv2";
    public const string CareChannelId = "19:care-channel@thread.tacv2";
    public const string TeamAadGroupId = "b6f1f5c4-3a2e-4d6e-9a8f-0c1d2e3f4a5b";

    public static readonly UserRef Ana = new("29:1ana-teams-id", "Ana Ruiz", "0e7a8c2d-1111-4a5b-9c3d-2e4f6a8b0c1d");
    public static readonly UserRef Ben = new("29:1ben-teams-id", "Ben Carter", "5f3b9d1e-2222-4c6d-8e0f-1a2b3c4d5e6f");

    public static JsonObject Message(string serviceUrl, string text, UserRef? from = null, string? conversationId = null, string locale = "en-US")
    {
        var activity = Envelope("message", serviceUrl, from ?? Ana, conversationId ?? PersonalConversationId, "personal", locale);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    public static JsonObject BotAddedPersonal(string serviceUrl, UserRef? user = null, string locale = "en-US")
    {
        var activity = Envelope("conversationUpdate", serviceUrl, user ?? Ana, PersonalConversationId, "personal", locale);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        return activity;
    }

    public static JsonObject BotAddedToTeam(string serviceUrl)
    {
        var activity = Envelope("conversationUpdate", serviceUrl, Ana, TeamId, "channel", "en-US");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        activity["channelData"]!["eventType"] = "teamMemberAdded";
        activity["channelData"]!["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Customer Care", ["aadGroupId"] = TeamAadGroupId };
        return activity;
    }

    public static JsonObject BotRemovedFromTeam(string serviceUrl)
    {
        var activity = Envelope("conversationUpdate", serviceUrl, Ana, TeamId, "channel", "en-US");
        activity["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = BotId });
        activity["channelData"]!["eventType"] = "teamMemberRemoved";
        activity["channelData"]!["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Customer Care", ["aadGroupId"] = TeamAadGroupId };
        return activity;
    }

    public static JsonObject Invoke(string serviceUrl, string name, JsonNode? value, UserRef? from = null, string? conversationId = null)
    {
        var activity = Envelope("invoke", serviceUrl, from ?? Ana, conversationId ?? PersonalConversationId, "personal", "en-US");
        activity["name"] = name;
        if (value is not null)
        {
            activity["value"] = value;
        }

        return activity;
    }

    public static JsonObject Envelope(string type, string serviceUrl, UserRef from, string conversationId, string conversationType, string locale)
    {
        var group = conversationType != "personal";
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = "f:" + Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["localTimestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = from.TeamsId, ["name"] = from.Name, ["aadObjectId"] = from.AadObjectId },
            ["conversation"] = new JsonObject
            {
                ["conversationType"] = conversationType,
                ["tenantId"] = BotApp.TenantId,
                ["id"] = conversationId,
                ["isGroup"] = group ? true : null,
            },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Escalations" },
            ["locale"] = locale,
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = locale, ["country"] = "US", ["platform"] = "Web", ["timezone"] = "Europe/Madrid" }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BotApp.TenantId } },
        };
    }
}

internal sealed record UserRef(string TeamsId, string Name, string AadObjectId);
