using System.Text.RegularExpressions;

namespace TeamsEscalationBot.Features.TeamsIntake;

internal enum ChatCommandKind
{
    Help,
    New,
    My,
    Status,
    /// <summary>The message looks like a pasted complaint (a link, or a longer text): offer the intake card prefilled.</summary>
    Paste,
    Unknown,

    /// <summary>The overdue and due-soon complaints of the departments the person belongs to (personal chat or, mentioning the bot, a channel).</summary>
    Overdue,

    /// <summary>An executive's daily digest, now (only for digest recipients).</summary>
    Digest,
}

/// <summary>What a person typed to the bot, as a command and its argument. English commands, with Spanish aliases.</summary>
internal sealed partial record ChatCommand(ChatCommandKind Kind, string Argument)
{
    /// <summary>Shorter texts without a link are more likely a greeting or a typo than a complaint.</summary>
    public const int MinimumPasteLength = 20;

    public static ChatCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? trimmed : trimmed[..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        return verb switch
        {
            "" or "help" or "ayuda" or "?" => new(ChatCommandKind.Help, argument),
            "new" or "nueva" or "nuevo" => new(ChatCommandKind.New, argument),
            "my" or "mis" or "mine" => new(ChatCommandKind.My, argument),
            "status" or "estado" => new(ChatCommandKind.Status, argument),
            "overdue" or "vencidas" => new(ChatCommandKind.Overdue, argument),
            "digest" or "resumen" => new(ChatCommandKind.Digest, argument),
            _ when Link().IsMatch(trimmed) || trimmed.Length >= MinimumPasteLength => new(ChatCommandKind.Paste, trimmed),
            _ => new(ChatCommandKind.Unknown, trimmed),
        };
    }

    /// <summary>The first http(s) link in <paramref name="text"/>, if any.</summary>
    public static string? FindLink(string text) => Link().Match(text) is { Success: true } match ? match.Value.TrimEnd('.', ',', ')', ']') : null;

    [GeneratedRegex(@"https?://\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
