using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>The words for networks and priorities that the intake card and the intake API share, and their mapping to the domain's enums.</summary>
internal static class IntakeChoices
{
    /// <summary>The department choice "decide for me": route by category and keywords.</summary>
    public const string DecideForMe = "auto";

    /// <summary>The category choice "no category" (a choice needs a value; no category is spelled like this).</summary>
    public const string NoCategory = "-";

    /// <summary>Networks in the order the card lists them.</summary>
    public static IReadOnlyList<Network> Networks { get; } =
        [Network.X, Network.Facebook, Network.Instagram, Network.TikTok, Network.LinkedIn, Network.Email, Network.Other];

    public static IReadOnlyList<Priority> Priorities { get; } = [Priority.Low, Priority.Normal, Priority.High, Priority.Critical];

    public static string NetworkValue(Network network) => network switch
    {
        Network.X => "x",
        Network.Facebook => "facebook",
        Network.Instagram => "instagram",
        Network.TikTok => "tiktok",
        Network.LinkedIn => "linkedin",
        Network.Email => "email",
        _ => "other",
    };

    public static string PriorityValue(Priority priority) => priority switch
    {
        Priority.Low => "low",
        Priority.High => "high",
        Priority.Critical => "critical",
        _ => "normal",
    };

    public static bool TryParseNetwork(string? value, out Network network) => TryParse(Networks, NetworkValue, value, out network);

    public static bool TryParsePriority(string? value, out Priority priority) => TryParse(Priorities, PriorityValue, value, out priority);

    /// <summary>The network of a post's link by its host (x.com, facebook.com…), or null when the host says nothing.</summary>
    public static Network? GuessNetwork(Uri? link)
    {
        if (link is not { IsAbsoluteUri: true })
        {
            return null;
        }

        var host = link.Host;
        return Hosts.FirstOrDefault(h => host.Equals(h.Host, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + h.Host, StringComparison.OrdinalIgnoreCase)).Network;
    }

    private static readonly (string Host, Network? Network)[] Hosts =
    [
        ("x.com", Network.X), ("twitter.com", Network.X), ("facebook.com", Network.Facebook), ("fb.com", Network.Facebook),
        ("instagram.com", Network.Instagram), ("tiktok.com", Network.TikTok), ("linkedin.com", Network.LinkedIn),
    ];

    private static bool TryParse<T>(IReadOnlyList<T> values, Func<T, string> valueOf, string? text, out T result)
        where T : struct, Enum
    {
        foreach (var value in values)
        {
            if (string.Equals(valueOf(value), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                result = value;
                return true;
            }
        }

        result = default;
        return false;
    }
}
