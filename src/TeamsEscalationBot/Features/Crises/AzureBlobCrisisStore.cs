using Azure;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// Blobs <c>crises/detector.json</c> and <c>crises/{crisis id}.json</c>, written with <c>If-Match</c> (or
/// <c>If-None-Match: *</c> to create): the ETag is the version.
/// </summary>
internal sealed class AzureBlobCrisisStore(AzureStorageClients clients) : ICrisisStore
{
    private static readonly Dictionary<string, string> Tags = new() { ["kind"] = "crisis" };

    public Task<Versioned<CrisisDetectorSnapshot>?> ReadDetectorAsync(CancellationToken cancellationToken) =>
        ReadAsync<CrisisDetectorSnapshot>("crises/detector.json", cancellationToken);

    public Task<string?> TryWriteDetectorAsync(CrisisDetectorSnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken) =>
        WriteAsync("crises/detector.json", snapshot, expectedVersion, cancellationToken);

    public Task<Versioned<CrisisRecord>?> GetAsync(string crisisId, CancellationToken cancellationToken) =>
        ReadAsync<CrisisRecord>(Name(crisisId), cancellationToken);

    public Task<string?> TryWriteAsync(CrisisRecord record, string? expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync(Name(record.Id), record, expectedVersion, cancellationToken);
    }

    private async Task<Versioned<T>?> ReadAsync<T>(string name, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var document = await BlobDocuments.TryReadAsync<T>(clients.Container.GetBlobClient(name), cancellationToken);
        return document is null ? null : new Versioned<T>(document.Value, document.ETag.ToString());
    }

    private async Task<string?> WriteAsync<T>(string name, T value, string? expectedVersion, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var etag = await BlobDocuments.TryWriteAsync(
            clients.Container.GetBlobClient(name), value, Tags, expectedVersion is null ? null : new ETag(expectedVersion), cancellationToken);
        return etag?.ToString();
    }

    /// <summary>Crisis ids are <c>crisis-</c> and hex digits (the detector's), safe in a blob name; hashed when anything else.</summary>
    private static string Name(string crisisId) =>
        crisisId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && crisisId.Length <= 64
            ? $"crises/{crisisId}.json"
            : $"crises/{BlobNaming.Hash(crisisId)}.json";
}
