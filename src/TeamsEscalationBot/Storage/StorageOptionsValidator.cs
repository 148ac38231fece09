using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Storage;

internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Provider == StorageProvider.Sqlite)
        {
            ValidateSqlite(options, failures);
        }
        else
        {
            ValidateAzure(options, failures);
        }

        ValidateOutbox(options.Outbox, failures);
        ValidateLeadership(options.Leadership, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSqlite(StorageOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.SqlitePath))
        {
            failures.Add("Storage:SqlitePath is required when Storage:Provider is Sqlite.");
        }

        if (options.SqliteMaxSizeMegabytes is < 1)
        {
            failures.Add("Storage:SqliteMaxSizeMegabytes must be at least 1 (or left out for no cap).");
        }
    }

    private static void ValidateAzure(StorageOptions options, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (options.AccountUrl is null)
            {
                failures.Add("Storage:AccountUrl or Storage:ConnectionString is required when Storage:Provider is AzureBlob.");
            }
            else if (!IsHttpUrl(options.AccountUrl))
            {
                failures.Add("Storage:AccountUrl must be an absolute http(s) URL such as https://<account>.blob.core.windows.net.");
            }
            else if (options.QueueAccountUrl is not null && !IsHttpUrl(options.QueueAccountUrl))
            {
                failures.Add("Storage:QueueAccountUrl must be an absolute http(s) URL such as https://<account>.queue.core.windows.net.");
            }
            else if (options.ResolveQueueAccountUrl() is null)
            {
                failures.Add("Storage:QueueAccountUrl is required when Storage:AccountUrl has no '.blob.' in its host name.");
            }
        }

        if (!IsValidName(options.ContainerName))
        {
            failures.Add("Storage:ContainerName must be 3-63 lowercase letters, digits or single hyphens, starting with a letter or digit.");
        }

        if (!IsValidName(options.QueueName))
        {
            failures.Add("Storage:QueueName must be 3-63 lowercase letters, digits or single hyphens, starting with a letter or digit.");
        }
    }

    private static void ValidateOutbox(OutboxOptions outbox, List<string> failures)
    {
        RequirePositive(outbox.PollInterval, "Storage:Outbox:PollInterval", failures);
        RequirePositive(outbox.LeaseTime, "Storage:Outbox:LeaseTime", failures);
        RequirePositive(outbox.BaseDelay, "Storage:Outbox:BaseDelay", failures);
        RequirePositive(outbox.SweepInterval, "Storage:Outbox:SweepInterval", failures);
        RequirePositive(outbox.SweepAfter, "Storage:Outbox:SweepAfter", failures);
        if (outbox.MaxDelay < outbox.BaseDelay)
        {
            failures.Add("Storage:Outbox:MaxDelay must be at least Storage:Outbox:BaseDelay.");
        }

        if (outbox.MaxMessageDelay < TimeSpan.Zero || outbox.MaxMessageDelay > TimeSpan.FromDays(7))
        {
            failures.Add("Storage:Outbox:MaxMessageDelay must be between 00:00:00 and 7.00:00:00.");
        }

        if (outbox.MaxParallelism is < 1 or > 64)
        {
            failures.Add("Storage:Outbox:MaxParallelism must be between 1 and 64.");
        }

        if (outbox.BatchSize is < 1 or > 256)
        {
            failures.Add("Storage:Outbox:BatchSize must be between 1 and 256.");
        }

        if (outbox.MaxPerComplaint is < 1 or > 256)
        {
            failures.Add("Storage:Outbox:MaxPerComplaint must be between 1 and 256.");
        }

        if (outbox.ThreadPatience < TimeSpan.Zero || outbox.ThreadPatience > TimeSpan.FromMinutes(1))
        {
            failures.Add("Storage:Outbox:ThreadPatience must be between 00:00:00 and 00:01:00.");
        }

        if (outbox.MaxAttempts < 1)
        {
            failures.Add("Storage:Outbox:MaxAttempts must be at least 1.");
        }
    }

    private static void ValidateLeadership(LeadershipOptions leadership, List<string> failures)
    {
        if (leadership.LeaseTime < LeadershipOptions.MinLeaseTime || leadership.LeaseTime > LeadershipOptions.MaxLeaseTime)
        {
            failures.Add("Storage:Leadership:LeaseTime must be between 00:00:15 and 00:01:00 (Azure Blob Storage's lease limits).");
        }

        if (!string.IsNullOrEmpty(leadership.InstanceId) && !InstanceIdPattern().IsMatch(leadership.InstanceId))
        {
            failures.Add("Storage:Leadership:InstanceId must be 1-128 letters, digits or '-', '_', '.', ':'.");
        }
    }

    private static void RequirePositive(TimeSpan value, string key, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{key} must be a positive time span (hh:mm:ss).");
        }
    }

    private static bool IsHttpUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    // Container and queue names share Azure's rule: 3-63 chars, lowercase alphanumerics and non-consecutive hyphens.
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$", RegexOptions.CultureInvariant)]
    internal static partial Regex InstanceIdPattern();
}
