using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// The JSON body POSTed to a source's callback URL: the complaint's state as it is when the callback is sent (its
/// <see cref="Version"/> only grows, so a receiver keeps the highest it has seen and ignores older or repeated ones).
/// </summary>
internal sealed record CallbackPayload(
    string ComplaintId,
    string Source,
    string ExternalId,
    ComplaintState State,
    CallbackAnswer? Answer,
    DateTimeOffset? ClosedAt,
    RelayStatus RelayStatus,
    long Version)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CallbackPayload From(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var answer = complaint.Answer is { } given ? new CallbackAnswer(given.Text, given.By.DisplayName, given.At) : null;
        var closedAt = complaint.State == ComplaintState.Closed
            ? complaint.History.LastOrDefault(e => e.Kind == ComplaintEventKind.Accepted)?.At
            : null;
        return new CallbackPayload(
            complaint.Id, complaint.Source, complaint.ExternalId, complaint.State, answer, closedAt, complaint.Relay, complaint.Version);
    }

    /// <summary>The exact bytes sent (and signed): UTF-8 JSON, camelCase, enums as camelCase strings, nulls left out.</summary>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, Json);
}

/// <summary>The agreed answer: its text, who gave it (display name) and when.</summary>
internal sealed record CallbackAnswer(string Text, string By, DateTimeOffset At);

/// <summary>
/// <c>X-Signature: sha256=&lt;hex&gt;</c>: lowercase hex of HMAC-SHA256 keyed with the UTF-8 bytes of the source's
/// <c>CallbackSecret</c>, over the UTF-8 bytes of <c>&lt;X-Timestamp&gt;.&lt;body&gt;</c> (the decimal Unix seconds, a dot,
/// then the body exactly as sent). Signing the timestamp with the body lets a receiver refuse replays of old requests.
/// </summary>
internal static class CallbackSignature
{
    public const string SignatureHeader = "X-Signature";
    public const string TimestampHeader = "X-Timestamp";
    public const string Prefix = "sha256=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
