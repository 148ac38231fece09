using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>The wake-up message of one outbox item; the item itself lives in its complaint blob.</summary>
internal sealed record OutboxMessage(string ComplaintId, string ItemId);

/// <summary>The Azure Storage queue that wakes outbox workers on any instance. Visibility timeouts are clamped to the queue's limits.</summary>
internal sealed class OutboxQueue(AzureStorageClients clients, IOptions<StorageOptions> options)
{
    // Messages never expire (-1 s): the blob decides whether the work is still there.
    private static readonly TimeSpan NeverExpire = TimeSpan.FromSeconds(-1);

    private TimeSpan MaxDelay => options.Value.Outbox.MaxMessageDelay;

    public async Task SendAsync(OutboxMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(message, StorageJson.Options);
        await clients.Queue.SendMessageAsync(text, Clamp(delay, TimeSpan.Zero), NeverExpire, cancellationToken);
    }

    /// <summary>Receives messages and hides them for the lease time (at least one second, the service's minimum).</summary>
    public async Task<QueueMessage[]> ReceiveAsync(int maxMessages, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        var visibility = Clamp(leaseTime, TimeSpan.FromSeconds(1));
        var response = await clients.Queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, 32), visibility, cancellationToken);
        return response.Value;
    }

    /// <summary>Hides a received message for <paramref name="delay"/>; sends a fresh one if the old one can no longer be updated.</summary>
    public async Task HideAsync(OutboxMessage message, string messageId, string popReceipt, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: Clamp(delay, TimeSpan.Zero), cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.BadRequest)
        {
            await SendAsync(message, delay, cancellationToken);
        }
    }

    /// <summary>Deletes a received message; a message already gone or received again by someone else is left alone.</summary>
    public async Task DeleteAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Queue.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.BadRequest)
        {
            // Its next receiver finds the item gone and deletes it then.
        }
    }

    public static OutboxMessage? Parse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<OutboxMessage>(text, StorageJson.Options);
            return message is { ComplaintId.Length: > 0, ItemId.Length: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan Clamp(TimeSpan value, TimeSpan min)
    {
        var max = MaxDelay < min ? min : MaxDelay;
        return value < min ? min : value > max ? max : value;
    }
}
