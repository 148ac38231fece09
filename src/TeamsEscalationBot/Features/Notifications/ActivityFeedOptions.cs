using System.Globalization;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>Configuration section <c>Notifications:ActivityFeed</c>: Teams activity-feed notices through Microsoft Graph.</summary>
internal sealed class ActivityFeedOptions
{
    public const string SectionName = "Notifications:ActivityFeed";
    public static readonly TimeSpan MinUnreachableFor = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxUnreachableFor = TimeSpan.FromDays(7);

    /// <summary>
    /// Send the notices. When false, notices are still written with their transitions and completed without a Graph call
    /// (a Debug line each), so turning it back on affects only later changes.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// After Graph refused a notice to a person for good (403: the app is not installed for them or the permission is
    /// missing; 404: no such user), further notices to that person are skipped for this long (one Warning, then Debug).
    /// </summary>
    public TimeSpan UnreachableFor { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The language of the preview line and topic the bot writes (<c>en</c> or <c>es</c>): Graph tells the bot nothing of
    /// the person's language outside a conversation. The title is the manifest's template, which Teams localises itself.
    /// </summary>
    public string Language { get; set; } = "en";
}

/// <summary>Start-up checks of <c>Notifications:ActivityFeed:*</c>.</summary>
internal sealed class ActivityFeedOptionsValidator : IValidateOptions<ActivityFeedOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivityFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.UnreachableFor < ActivityFeedOptions.MinUnreachableFor || options.UnreachableFor > ActivityFeedOptions.MaxUnreachableFor)
        {
            failures.Add(
                $"{ActivityFeedOptions.SectionName}:UnreachableFor must be between {Format(ActivityFeedOptions.MinUnreachableFor)} and " +
                $"{Format(ActivityFeedOptions.MaxUnreachableFor)} (it is {Format(options.UnreachableFor)}).");
        }

        if (options.Language is not ("en" or "es"))
        {
            failures.Add($"{ActivityFeedOptions.SectionName}:Language must be 'en' or 'es' (it is '{options.Language}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
