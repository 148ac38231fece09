using Azure.Storage.Blobs.Models;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// Gives complaint blobs written before the <see cref="ComplaintBlobs.ActivityTag"/> tag existed their tag, once per
/// container: blobs without it are rewritten unchanged (the write recomputes every tag), then a marker blob records
/// that the container is done, so later processes pay one existence check.
/// </summary>
internal static class ActivityTagBackfill
{
    public const string MarkerName = "migrations/complaint-activity-tag";

    public static async Task RunAsync(ComplaintBlobs blobs, CancellationToken cancellationToken)
    {
        var marker = blobs.Container.GetBlobClient(MarkerName);
        if (await marker.ExistsAsync(cancellationToken))
        {
            return;
        }

        // Names and tags only, 5 000 per call; only the blobs that lack the tag are read and written.
        var options = new GetBlobsOptions { Prefix = ComplaintBlobs.ComplaintPrefix, Traits = BlobTraits.Tags };
        await foreach (var blob in blobs.Container.GetBlobsAsync(options, cancellationToken))
        {
            if (blob.Tags is null || !blob.Tags.ContainsKey(ComplaintBlobs.ActivityTag))
            {
                await blobs.MutateAsync(blob.Name[ComplaintBlobs.ComplaintPrefix.Length..], document => document, cancellationToken);
            }
        }

        await marker.UploadAsync(BinaryData.FromString("{}"), overwrite: true, cancellationToken);
    }
}
