using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Cards;

/// <summary>Settings of the cards, section <c>Cards</c>.</summary>
internal sealed class CardOptions
{
    public const string SectionName = "Cards";

    /// <summary>Most items the "my complaints" card can list; more would not fit its size budget.</summary>
    public const int MaxListItemsLimit = 20;

    /// <summary>IANA time zone id for the times shown on cards and in audit lines, e.g. <c>Europe/Madrid</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How many complaints the "my complaints" card lists (1 to <see cref="MaxListItemsLimit"/>).</summary>
    public int MaxListItems { get; set; } = 10;

    /// <summary>The time zone for an id, or null when this machine does not know it.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }
}

/// <summary>Start-up checks of <c>Cards:*</c>; each message names the key to fix.</summary>
internal sealed class CardOptionsValidator : IValidateOptions<CardOptions>
{
    public ValidateOptionsResult Validate(string? name, CardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (CardOptions.FindTimeZone(options.TimeZone) is null)
        {
            failures.Add($"Cards:TimeZone '{options.TimeZone}' is not a time zone this machine knows; use an IANA id such as 'Europe/Madrid' or 'UTC'.");
        }

        if (options.MaxListItems is < 1 or > CardOptions.MaxListItemsLimit)
        {
            failures.Add($"Cards:MaxListItems must be between 1 and {CardOptions.MaxListItemsLimit} (it is {options.MaxListItems}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
