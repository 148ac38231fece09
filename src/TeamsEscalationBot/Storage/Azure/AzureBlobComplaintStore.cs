using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// One JSON blob per complaint (<see cref="ComplaintBlobs"/>): created with If-None-Match: *, replaced with
/// If-Match: ETag. The (source, externalId) key blob is written first and holds the whole document, so a create that
/// died half-way is finished by the next create or lookup of that key. Lists use blob index tags
/// (Find Blobs by Tags) and then read only the page's blobs. The service-level record (<see cref="ISlaRecorder"/>) is a
/// field of the same document, its instants are tags of the same write.
/// </summary>
internal sealed class AzureBlobComplaintStore(ComplaintBlobs blobs, TimeProvider timeProvider, ISlaRecorder? slaRecorder = null) : IComplaintStore
{
    private const int MaxCreateAttempts = 5;
    private const int MaxUpdateAttempts = 20;
    private const int ParallelDownloads = 16;

    private readonly AsyncOnce activityTags = new(cancellationToken => ActivityTagBackfill.RunAsync(blobs, cancellationToken));

    public async Task<CreateComplaintResult> CreateAsync(Complaint complaint, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateWrite(complaint, outbox);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var sla = slaRecorder?.Record(complaint, null, now) ?? SlaWrite.None;
        var document = new ComplaintDocument
        {
            Complaint = complaint.ToSnapshot(),
            Outbox = [.. outbox.Concat(sla.Outbox).Select(item => StoredOutboxItem.From(item, now))],
            Sla = sla.Record,
        };
        var keyBlob = blobs.KeyBlob(complaint.Source, complaint.ExternalId);
        for (var attempt = 0; attempt < MaxCreateAttempts; attempt++)
        {
            var key = new ComplaintKeyDocument { ComplaintId = complaint.Id, Document = document };
            var keyETag = await BlobDocuments.TryWriteAsync(keyBlob, key, KeyTags, null, cancellationToken);
            if (keyETag is null)
            {
                if (await ResolveKeyAsync(complaint.Source, complaint.ExternalId, cancellationToken) is { } existing)
                {
                    return new CreateComplaintResult(CreateOutcome.Duplicate, existing);
                }

                continue; // The key blob vanished between the two calls (an aborted create cleaned up): try again.
            }

            if (await blobs.TryWriteAsync(document, null, cancellationToken) is null
                && !await IsSameKeyAsync(complaint, cancellationToken))
            {
                await BlobDocuments.TryDeleteAsync(keyBlob, keyETag, cancellationToken);
                throw new InvalidOperationException($"Complaint id '{complaint.Id}' is already used by another complaint.");
            }

            await blobs.EnqueueAsync(complaint.Id, document.Outbox, now, cancellationToken);
            return new CreateComplaintResult(CreateOutcome.Created, SlaRecords.Attach(complaint, sla.Record));
        }

        throw new InvalidOperationException($"Could not create complaint '{complaint.Id}': its key kept changing.");
    }

    public async Task<Complaint?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IsValidId(id))
        {
            return null;
        }

        await blobs.EnsureCreatedAsync(cancellationToken);
        var document = await blobs.ReadAsync(id, cancellationToken);
        return document is null ? null : ComplaintBlobs.ToComplaint(document.Value);
    }

    public async Task<Complaint?> FindByExternalIdAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(externalId);
        await blobs.EnsureCreatedAsync(cancellationToken);
        return await ResolveKeyAsync(source, externalId, cancellationToken);
    }

    public async Task<UpdateComplaintResult> UpdateAsync(
        Complaint complaint, long expectedVersion, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateWrite(complaint, outbox);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedVersion, complaint.Version);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var snapshot = complaint.ToSnapshot();
        for (var attempt = 0; attempt < MaxUpdateAttempts; attempt++)
        {
            var current = await blobs.ReadAsync(complaint.Id, cancellationToken);
            if (current is null)
            {
                return new UpdateComplaintResult(UpdateOutcome.NotFound, null);
            }

            if (current.Value.Complaint.Version != expectedVersion)
            {
                return new UpdateComplaintResult(UpdateOutcome.Conflict, ComplaintBlobs.ToComplaint(current.Value));
            }

            // A 412 here may only mean the outbox part changed (a worker leased or completed an item):
            // read again and re-check the version rather than reporting a conflict.
            var now = timeProvider.GetUtcNow();
            var sla = slaRecorder?.Record(complaint, current.Value.Sla, now) ?? SlaWrite.None;
            var added = outbox.Concat(sla.Outbox).Select(item => StoredOutboxItem.From(item, now)).ToList();
            var updated = current.Value with { Complaint = snapshot, Outbox = [.. current.Value.Outbox, .. added], Sla = sla.Record };
            if (await blobs.TryWriteAsync(updated, current.ETag, cancellationToken) is not null)
            {
                await blobs.EnqueueAsync(complaint.Id, added, now, cancellationToken);
                return new UpdateComplaintResult(UpdateOutcome.Updated, SlaRecords.Attach(complaint, sla.Record));
            }
        }

        var latest = await blobs.ReadAsync(complaint.Id, cancellationToken);
        return latest is null
            ? new UpdateComplaintResult(UpdateOutcome.NotFound, null)
            : new UpdateComplaintResult(UpdateOutcome.Conflict, ComplaintBlobs.ToComplaint(latest.Value));
    }

    public async Task<ComplaintPage> ListAsync(ComplaintQuery query, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateQuery(query);
        await blobs.EnsureCreatedAsync(cancellationToken);
        var position = query.Cursor is null ? new ListCursor(null, null) : DecodeCursor(query.Cursor);
        var where = Where(query);
        var items = new List<Complaint>();
        var read = 0;
        var marker = position.Marker;
        var after = position.After;
        while (true)
        {
            // No page size hint: the service returns up to 5 000 names per call (Azurite 3.35 mishandles smaller hints).
            var page = await FirstPageAsync(where, marker, cancellationToken);
            var candidates = page.Names.Where(n => after is null || string.CompareOrdinal(n, after) > 0).ToList();
            for (var index = 0; index < candidates.Count;)
            {
                if (items.Count == query.PageSize)
                {
                    return new ComplaintPage(items, EncodeCursor(new ListCursor(marker, after)), read);
                }

                // Download what the page still needs in parallel, then take it in name order.
                var batch = candidates.Skip(index).Take(query.PageSize - items.Count).ToList();
                var documents = await Task.WhenAll(batch.Select(name =>
                    BlobDocuments.TryReadAsync<ComplaintDocument>(blobs.Container.GetBlobClient(name), cancellationToken)));
                for (var i = 0; i < batch.Count; i++)
                {
                    read++;
                    after = batch[i];
                    // The index lags behind writes: keep only what the blob itself says matches.
                    if (documents[i] is { } document && ComplaintBlobs.ToComplaint(document.Value) is var complaint && ComplaintStoreRules.Matches(complaint, query))
                    {
                        items.Add(complaint);
                    }
                }

                index += batch.Count;
            }

            if (string.IsNullOrEmpty(page.NextMarker))
            {
                return new ComplaintPage(items, null, read);
            }

            marker = page.NextMarker;
            after = null;
        }
    }

    public async Task<ComplaintIdMatches> FindByIdPrefixAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidatePrefix(prefix, limit);
        await blobs.EnsureCreatedAsync(cancellationToken);
        // Names only (up to 5 000 per call): every match is counted, only the first few are downloaded.
        var ids = new List<string>();
        var options = new GetBlobsOptions { Prefix = ComplaintBlobs.ComplaintPrefix + prefix };
        await foreach (var blob in blobs.Container.GetBlobsAsync(options, cancellationToken))
        {
            ids.Add(blob.Name[ComplaintBlobs.ComplaintPrefix.Length..]);
        }

        ids.Sort(StringComparer.Ordinal);
        var documents = await Task.WhenAll(ids.Take(limit).Select(id => blobs.ReadAsync(id, cancellationToken)));
        var items = documents.OfType<BlobDocument<ComplaintDocument>>().Select(d => ComplaintBlobs.ToComplaint(d.Value)).ToList();
        return new ComplaintIdMatches(items, ids.Count);
    }

    public async Task<IReadOnlyList<Complaint>> ListDueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateDue(limit);
        await blobs.EnsureCreatedAsync(cancellationToken);
        // The tag query returns names with the matching tag values (up to 5 000 per call): sorted by due instant, only
        // the first `limit` blobs are downloaded, then re-checked because the index lags behind writes.
        var where = $"{BlobNaming.TagEquals("kind", "complaint")} AND \"{ComplaintBlobs.SlaNextTag}\" <= '{ComplaintBlobs.TagInstant(before)}'";
        var due = new List<(string Due, string Name)>();
        await foreach (var item in blobs.Container.FindBlobsByTagsAsync(where, cancellationToken))
        {
            if (item.BlobName.StartsWith(ComplaintBlobs.ComplaintPrefix, StringComparison.Ordinal))
            {
                due.Add((item.Tags is { } tags && tags.TryGetValue(ComplaintBlobs.SlaNextTag, out var at) ? at : string.Empty, item.BlobName));
            }
        }

        var first = due.OrderBy(d => d.Due, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).Take(limit).ToList();
        var documents = await Task.WhenAll(first.Select(d =>
            BlobDocuments.TryReadAsync<ComplaintDocument>(blobs.Container.GetBlobClient(d.Name), cancellationToken)));
        return [.. documents
            .OfType<BlobDocument<ComplaintDocument>>()
            .Where(d => d.Value.Sla?.NextDueAt <= before)
            .Select(d => ComplaintBlobs.ToComplaint(d.Value))];
    }

    public async IAsyncEnumerable<Complaint> ListActiveSinceAsync(
        DateTimeOffset activeSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await blobs.EnsureCreatedAsync(cancellationToken);
        await activityTags.EnsureAsync(cancellationToken);
        // The index lags writes, so one complaint may be listed by two queries (or by one it no longer matches):
        // keep what the blob itself says matches, each id once.
        var returned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var where in ActiveSinceQueries(activeSince))
        {
            await foreach (var page in blobs.Container.FindBlobsByTagsAsync(where, cancellationToken).AsPages())
            {
                var ids = page.Values
                    .Where(v => v.BlobName.StartsWith(ComplaintBlobs.ComplaintPrefix, StringComparison.Ordinal))
                    .Select(v => v.BlobName[ComplaintBlobs.ComplaintPrefix.Length..])
                    .Where(id => !returned.Contains(id))
                    .ToList();
                foreach (var batch in ids.Chunk(ParallelDownloads))
                {
                    var documents = await Task.WhenAll(batch.Select(id => blobs.ReadAsync(id, cancellationToken)));
                    foreach (var document in documents)
                    {
                        if (document is not null
                            && ComplaintBlobs.ToComplaint(document.Value) is var complaint
                            && ComplaintStoreRules.IsActiveSince(complaint, activeSince)
                            && returned.Add(complaint.Id))
                        {
                            yield return complaint;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Active since the instant (a range of the activity tag), then each state but Closed with activity before it:
    /// Find Blobs by Tags has no OR, and its ranges compare text, which the fixed-width activity value sorts like time.
    /// </summary>
    internal static IEnumerable<string> ActiveSinceQueries(DateTimeOffset activeSince)
    {
        var kind = BlobNaming.TagEquals("kind", "complaint");
        var since = ComplaintBlobs.ActivityValue(activeSince);
        yield return $"{kind} AND \"{ComplaintBlobs.ActivityTag}\" >= '{since}'";
        foreach (var state in ComplaintStoreRules.NotClosedStates)
        {
            yield return $"{kind} AND {BlobNaming.TagEquals("state", state.ToString())} AND \"{ComplaintBlobs.ActivityTag}\" < '{since}'";
        }
    }

    private async Task<(List<string> Names, string? NextMarker)> FirstPageAsync(string where, string? marker, CancellationToken cancellationToken)
    {
        await foreach (var page in blobs.Container.FindBlobsByTagsAsync(where, cancellationToken).AsPages(marker))
        {
            var names = page.Values.Select(v => v.BlobName).Where(n => n.StartsWith(ComplaintBlobs.ComplaintPrefix, StringComparison.Ordinal)).ToList();
            names.Sort(StringComparer.Ordinal);
            return (names, page.ContinuationToken);
        }

        return ([], null);
    }

    private static string Where(ComplaintQuery query)
    {
        var terms = new List<string> { BlobNaming.TagEquals("kind", "complaint") };
        if (query.State is { } state)
        {
            terms.Add(BlobNaming.TagEquals("state", state.ToString()));
        }

        if (query.DepartmentId is not null)
        {
            terms.Add(BlobNaming.TagEquals("dept", ComplaintStoreRules.Key(query.DepartmentId)!));
        }

        if (query.RequesterAadObjectId is not null)
        {
            terms.Add(BlobNaming.TagEquals("requester", ComplaintStoreRules.Key(query.RequesterAadObjectId)!));
        }

        // Service levels: overdue complaints are due soon too (due soon comes first), so both filters narrow by the
        // due-soon tag; the overdue instant is re-checked on each downloaded document.
        if (Earliest(query.OverdueAt, query.DueSoonAt) is { } dueSoonBy)
        {
            terms.Add($"\"{ComplaintBlobs.SlaDueSoonTag}\" <= '{ComplaintBlobs.TagInstant(dueSoonBy)}'");
        }

        return string.Join(" AND ", terms);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>The complaint of a key blob; completes a create that died after writing the key but before the complaint.</summary>
    private async Task<Complaint?> ResolveKeyAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        var key = await BlobDocuments.TryReadAsync<ComplaintKeyDocument>(blobs.KeyBlob(source, externalId), cancellationToken);
        if (key is null)
        {
            return null;
        }

        var stored = await blobs.ReadAsync(key.Value.ComplaintId, cancellationToken);
        if (stored is null)
        {
            var document = key.Value.Document;
            if (await blobs.TryWriteAsync(document, null, cancellationToken) is not null)
            {
                await blobs.EnqueueAsync(key.Value.ComplaintId, document.Outbox, timeProvider.GetUtcNow(), cancellationToken);
            }

            stored = await blobs.ReadAsync(key.Value.ComplaintId, cancellationToken);
        }

        return stored is null ? null : ComplaintBlobs.ToComplaint(stored.Value);
    }

    private async Task<bool> IsSameKeyAsync(Complaint complaint, CancellationToken cancellationToken)
    {
        var stored = await blobs.ReadAsync(complaint.Id, cancellationToken);
        return stored is not null
            && stored.Value.Complaint.Source == complaint.Source
            && stored.Value.Complaint.ExternalId == complaint.ExternalId;
    }

    private static bool IsValidId(string id)
    {
        try
        {
            ComplaintStoreRules.ValidateId(id);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static readonly Dictionary<string, string> KeyTags = new() { ["kind"] = "complaint-key" };

    private static string EncodeCursor(ListCursor cursor) =>
        "a:" + BlobNaming.ToBase64Url(JsonSerializer.Serialize(cursor, StorageJson.Options));

    private static ListCursor DecodeCursor(string cursor)
    {
        try
        {
            if (cursor.StartsWith("a:", StringComparison.Ordinal)
                && JsonSerializer.Deserialize<ListCursor>(BlobNaming.FromBase64Url(cursor[2..]), StorageJson.Options) is { } decoded && (decoded.Marker is not null || decoded.After is not null))
            {
                return decoded;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw ComplaintStoreRules.InvalidCursor();
        }

        throw ComplaintStoreRules.InvalidCursor();
    }

    /// <summary>Where the next page starts: the service's marker of the Find page being read, and the last blob name returned from it.</summary>
    private sealed record ListCursor(string? Marker, string? After);
}
