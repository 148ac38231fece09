using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// Blob layout of the Azure provider, shared by the complaint store and the outbox:
/// <c>complaints/{id}</c> (a <see cref="ComplaintDocument"/>, tagged for listing) and
/// <c>complaint-keys/{sha256(source, externalId)}</c> (a <see cref="ComplaintKeyDocument"/>).
/// </summary>
internal sealed class ComplaintBlobs(AzureStorageClients clients, OutboxQueue queue)
{
    public const string ComplaintPrefix = "complaints/";

    /// <summary>The index tag holding when anything last happened to the complaint, as <see cref="ActivityValue"/>.</summary>
    public const string ActivityTag = "activity";

    private const string KeyPrefix = "complaint-keys/";
    private const int MaxWriteAttempts = 20;

    /// <summary>Index tag with <see cref="SlaRecord.NextDueAt"/>.</summary>
    public const string SlaNextTag = "slanext";

    /// <summary>Index tag with <see cref="SlaRecord.DueSoonAt"/>; overdue complaints are among those due soon, and re-checked after download.</summary>
    public const string SlaDueSoonTag = "sladuesoon";

    public BlobContainerClient Container => clients.Container;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => clients.EnsureCreatedAsync(cancellationToken);

    public BlobClient ComplaintBlob(string complaintId) => Container.GetBlobClient(ComplaintPrefix + complaintId);

    public BlobClient KeyBlob(string source, string externalId) =>
        Container.GetBlobClient(KeyPrefix + BlobNaming.Hash(
            string.Create(CultureInfo.InvariantCulture, $"{source.Length}:{source}\n{externalId}")));

    public Task<BlobDocument<ComplaintDocument>?> ReadAsync(string complaintId, CancellationToken cancellationToken) =>
        BlobDocuments.TryReadAsync<ComplaintDocument>(ComplaintBlob(complaintId), cancellationToken);

    /// <summary>Creates (<paramref name="ifMatch"/> null) or replaces the complaint blob with its tags; null when the condition failed.</summary>
    public Task<ETag?> TryWriteAsync(ComplaintDocument document, ETag? ifMatch, CancellationToken cancellationToken) =>
        BlobDocuments.TryWriteAsync(ComplaintBlob(document.Complaint.Id), document, Tags(document), ifMatch, cancellationToken);

    /// <summary>
    /// Read-modify-write with If-Match, retried while other writers interleave. <paramref name="change"/> returns the
    /// new document, or null to leave the blob alone. Returns the document written, or null when nothing was written.
    /// </summary>
    public async Task<ComplaintDocument?> MutateAsync(
        string complaintId, Func<ComplaintDocument, ComplaintDocument?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var current = await ReadAsync(complaintId, cancellationToken);
            if (current is null || change(current.Value) is not { } changed)
            {
                return null;
            }

            if (await TryWriteAsync(changed, current.ETag, cancellationToken) is not null)
            {
                return changed;
            }
        }

        throw new InvalidOperationException($"Complaint '{complaintId}' kept changing during {MaxWriteAttempts} write attempts.");
    }

    /// <summary>Sends one wake-up message per item, visible when the item is due.</summary>
    public async Task EnqueueAsync(string complaintId, IEnumerable<StoredOutboxItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await queue.SendAsync(new OutboxMessage(complaintId, item.Id), item.NotBefore - now, cancellationToken);
        }
    }

    /// <summary>The complaint of a document, with its service-level record attached (<see cref="SlaRecords"/>).</summary>
    public static Complaint ToComplaint(ComplaintDocument document) =>
        SlaRecords.Attach(Complaint.FromSnapshot(document.Complaint), document.Sla);

    /// <summary>A tag value for an instant: fixed-width UTC ISO 8601, so string order is time order in range queries.</summary>
    public static string TagInstant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// An instant as a tag value that sorts like the instant (tags compare as text): fixed-width UTC with every tick,
    /// e.g. <c>20260310T143000.1234567Z</c>.
    /// </summary>
    public static string ActivityValue(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fffffff'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Tags(ComplaintDocument document)
    {
        var complaint = document.Complaint;
        var tags = new Dictionary<string, string>
        {
            ["kind"] = "complaint",
            ["state"] = complaint.State.ToString(),
            ["dept"] = BlobNaming.TagValue(ComplaintStoreRules.Key(complaint.DepartmentId)!),
            [ActivityTag] = ActivityValue(ComplaintStoreRules.LastActivity(complaint.CreatedAt, complaint.History)),
        };
        if (ComplaintStoreRules.Key(complaint.Requester?.AadObjectId) is { } requester)
        {
            tags["requester"] = BlobNaming.TagValue(requester);
        }

        if (document.Outbox.Count > 0)
        {
            tags["outbox"] = "pending";
        }

        if (document.Failed.Count > 0)
        {
            tags["failed"] = "yes";
        }

        // Service levels: when the band next changes (for a scheduler) and when it turns due soon (due-soon and overdue lists).
        if (document.Sla?.NextDueAt is { } next)
        {
            tags[SlaNextTag] = TagInstant(next);
        }

        if (document.Sla?.DueSoonAt is { } dueSoon)
        {
            tags[SlaDueSoonTag] = TagInstant(dueSoon);
        }

        return tags;
    }
}
