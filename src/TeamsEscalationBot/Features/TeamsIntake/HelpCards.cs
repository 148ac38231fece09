using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>The welcome card of a personal install and the command list.</summary>
internal static class HelpCards
{
    public static AdaptiveCard Welcome(Texts texts) => new()
    {
        FallbackText = texts["Welcome_Body"],
        Body =
        [
            new TextBlock(texts["Welcome_Title"]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(texts["Welcome_Body"]),
            .. Commands(texts),
        ],
    };

    public static AdaptiveCard Help(Texts texts) => new()
    {
        FallbackText = texts["Help_Title"],
        Body = [new TextBlock(texts["Help_Title"]) { Size = "Medium", Weight = "Bolder" }, .. Commands(texts)],
    };

    private static IEnumerable<CardElement> Commands(Texts texts) =>
    [
        new TextBlock(texts["Help_Command_New"]) { Spacing = "Medium" },
        new TextBlock(texts["Help_Command_My"]) { Spacing = "Small" },
        new TextBlock(texts["Help_Command_Status"]) { Spacing = "Small" },
        new TextBlock(texts["Help_Command_Overdue"]) { Spacing = "Small" },
        new TextBlock(texts["Help_Command_Digest"]) { Spacing = "Small" },
        new TextBlock(texts["Help_Command_Help"]) { Spacing = "Small" },
    ];
}
