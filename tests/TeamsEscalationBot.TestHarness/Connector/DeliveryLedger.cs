using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness.Connector;

/// <summary>What an accepted write did in Teams.</summary>
public enum DeliveryKind
{
    /// <summary>A new channel thread (its root post) or a new 1:1 chat.</summary>
    NewConversation,

    /// <summary>A message posted into a conversation or thread.</summary>
    Post,

    /// <summary>An existing message replaced.</summary>
    Update,

    Delete,
}

/// <summary>
/// One write Teams accepted: where, the activity id it answered, the client's idempotency key (header
/// <c>Idempotency-Key</c> or <c>x-ms-idempotency-key</c>) if any, and the complaint id found in the card's data if any.
/// </summary>
public sealed record DeliveredActivity(
    DeliveryKind Kind,
    string ConversationId,
    string ActivityId,
    string? IdempotencyKey,
    string? ComplaintId,
    string Body,
    DateTimeOffset At)
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    /// <summary>A post (or new thread) that carries an Adaptive Card.</summary>
    public bool IsCard => Kind is DeliveryKind.NewConversation or DeliveryKind.Post && Body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal);
}

/// <summary>
/// Every write the fake connector accepted, in order, so that a test or the benchmark counts duplicates (the same card
/// posted twice) and losses (expected, never accepted).
/// </summary>
public sealed class DeliveryLedger
{
    private readonly ConcurrentQueue<DeliveredActivity> _items = new();

    public IReadOnlyList<DeliveredActivity> Items => [.. _items];

    public void Add(DeliveredActivity activity) => _items.Enqueue(activity);

    /// <summary>Complaint cards posted as new channel threads, per complaint id.</summary>
    public IReadOnlyDictionary<string, int> CardsPostedByComplaint() =>
        Items.Where(a => a.Kind == DeliveryKind.NewConversation && a.IsCard && a.ComplaintId is not null)
            .GroupBy(a => a.ComplaintId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Posts beyond the first for each key (a complaint's card by default): how many duplicates were accepted.</summary>
    public int Duplicates(Func<DeliveredActivity, string?>? key = null)
    {
        key ??= a => a.Kind == DeliveryKind.NewConversation && a.IsCard ? a.ComplaintId : null;
        return Items.Select(key).OfType<string>().GroupBy(k => k, StringComparer.Ordinal).Sum(g => g.Count() - 1);
    }

    /// <summary>The expected keys (complaint ids by default: their cards) that were never accepted.</summary>
    public IReadOnlyList<string> Lost(IEnumerable<string> expected, Func<DeliveredActivity, string?>? key = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        key ??= a => a.Kind == DeliveryKind.NewConversation && a.IsCard ? a.ComplaintId : null;
        var seen = Items.Select(key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. expected.Where(e => !seen.Contains(e))];
    }

    /// <summary>The first <c>complaintId</c> property anywhere in an activity's JSON (the card's action data), or null.</summary>
    public static string? FindComplaintId(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["complaintId"] is JsonValue value && value.TryGetValue<string>(out var id))
                {
                    return id;
                }

                foreach (var (_, child) in obj)
                {
                    if (FindComplaintId(child) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (FindComplaintId(child) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
