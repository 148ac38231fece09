using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace TeamsEscalationBot.Storage.Azure;

internal sealed record BlobDocument<T>(T Value, ETag ETag);

/// <summary>JSON documents in blobs, read with their ETag and written conditionally together with their index tags.</summary>
internal static class BlobDocuments
{
    public static async Task<BlobDocument<T>?> TryReadAsync<T>(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var result = await blob.DownloadContentAsync(cancellationToken);
            var value = result.Value.Content.ToObjectFromJson<T>(StorageJson.Options)
                ?? throw new JsonException($"Blob '{blob.Name}' holds JSON null.");
            return new BlobDocument<T>(value, result.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Creates the blob (<paramref name="ifMatch"/> null: If-None-Match *) or replaces the version with that ETag.
    /// The tags travel in the same Put Blob request (x-ms-tags), so the document and its tags change together.
    /// Returns the new ETag, or null when the condition failed (the blob exists / changed meanwhile).
    /// </summary>
    public static async Task<ETag?> TryWriteAsync<T>(
        BlobClient blob, T value, IDictionary<string, string> tags, ETag? ifMatch, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Tags = tags,
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = ifMatch is { } etag
                ? new BlobRequestConditions { IfMatch = etag }
                : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var content = BinaryData.FromObjectAsJson(value, StorageJson.Options);
            var result = await blob.UploadAsync(content, options, cancellationToken);
            return result.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            return null;
        }
    }

    /// <summary>Deletes the blob if it exists (optionally only that version); false when it was not there or changed.</summary>
    public static async Task<bool> TryDeleteAsync(BlobClient blob, ETag? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = ifMatch is { } etag ? new BlobRequestConditions { IfMatch = etag } : null;
            var response = await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions, cancellationToken);
            return response.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    /// <summary>Names of the blobs of the container whose tags match <paramref name="where"/>, all pages.</summary>
    public static async Task<List<string>> FindAsync(BlobContainerClient container, string where, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in container.FindBlobsByTagsAsync(where, cancellationToken))
        {
            names.Add(item.BlobName);
        }

        return names;
    }
}
