using System.Text.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Cards;

/// <summary>Builds and reads the <c>data</c> of the cards' actions.</summary>
internal static class CardData
{
    /// <summary><c>{ complaintId, version }</c> plus the given string values.</summary>
    public static JsonElement ForComplaint(Complaint complaint, params (string Key, string Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var data = new JsonObject
        {
            [CardDataKeys.ComplaintId] = complaint.Id,
            [CardDataKeys.Version] = complaint.Version,
        };
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        return JsonSerializer.SerializeToElement(data, ProtocolJsonSerializer.SerializationOptions);
    }

    /// <summary>
    /// <c>{ complaintId, version }</c> with a version other than the complaint's own: the relay card carries the version
    /// of the answer it shows, and a decision counts only for exactly that answer.
    /// </summary>
    public static JsonElement ForComplaintAt(Complaint complaint, long version)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var data = new JsonObject
        {
            [CardDataKeys.ComplaintId] = complaint.Id,
            [CardDataKeys.Version] = version,
        };
        return JsonSerializer.SerializeToElement(data, ProtocolJsonSerializer.SerializationOptions);
    }

    /// <summary>Reads <c>complaintId</c> and <c>version</c> from an action's data; false when either is missing.</summary>
    public static bool TryReadComplaint(JsonElement? data, out string complaintId, out long version)
    {
        complaintId = string.Empty;
        version = 0;
        if (GetString(data, CardDataKeys.ComplaintId) is not { Length: > 0 } id
            || data!.Value.TryGetProperty(CardDataKeys.Version, out var v) is false
            || v.ValueKind != JsonValueKind.Number
            || !v.TryGetInt64(out version))
        {
            return false;
        }

        complaintId = id;
        return true;
    }

    /// <summary>A string value of the data (an input's value), or null when it is missing or not a string.</summary>
    public static string? GetString(JsonElement? data, string key) =>
        data is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
