using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Leases as blob leases on small empty blobs <c>leases/{name}</c> in the configured container. The lease id a holder
/// proposes is a GUID derived from its name, so the same holder renews and releases what it acquired; the holder's name
/// is kept in the blob's metadata while it holds the lease, to say whose lease ran out when another takes it over.
/// The storage service times the lease on its own clock.
/// </summary>
internal sealed class AzureBlobLeaseStore(AzureStorageClients clients) : ILeaseStore
{
    public const string Prefix = "leases/";

    private const string HolderKey = "holder";

    public async Task<LeaseClaim> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        await clients.EnsureCreatedAsync(cancellationToken);
        var blob = Blob(name);
        var lease = blob.GetBlobLeaseClient(LeaseId(holder));
        try
        {
            await AcquireAsync(blob, lease, duration, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return LeaseClaim.Refused;
        }

        // Who held it before: a holder that released it cleared its name, so a name left here is a lease that ran out.
        var properties = await blob.GetPropertiesAsync(new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
        var previous = properties.Value.Metadata.TryGetValue(HolderKey, out var value) ? value : null;
        if (!string.Equals(previous, holder, StringComparison.Ordinal))
        {
            await blob.SetMetadataAsync(
                new Dictionary<string, string> { [HolderKey] = holder },
                new BlobRequestConditions { LeaseId = lease.LeaseId },
                cancellationToken);
        }

        return new LeaseClaim(true, previous is not null && !string.Equals(previous, holder, StringComparison.Ordinal) ? previous : null);
    }

    public async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        // A blob lease keeps the duration it was acquired with; renewing restarts it. The holders of one name use one duration.
        var lease = Blob(name).GetBlobLeaseClient(LeaseId(holder));
        try
        {
            await lease.RenewAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public async Task<bool> ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        var blob = Blob(name);
        var lease = blob.GetBlobLeaseClient(LeaseId(holder));
        try
        {
            await blob.SetMetadataAsync(new Dictionary<string, string>(), new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken);
            await lease.ReleaseAsync(cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The lease id <paramref name="holder"/> proposes: the first 16 bytes of the SHA-256 of its name, as a GUID.</summary>
    public static string LeaseId(string holder) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(holder)).AsSpan(0, 16)).ToString();

    private BlobClient Blob(string name) => clients.Container.GetBlobClient(Prefix + name);

    private static async Task AcquireAsync(BlobClient blob, BlobLeaseClient lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The first acquisition creates the blob; another instance creating it at the same moment is fine.
            try
            {
                await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            }
            catch (RequestFailedException created) when (created.Status is 409 or 412)
            {
            }

            await lease.AcquireAsync(duration, cancellationToken: cancellationToken);
        }
    }
}
