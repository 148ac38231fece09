using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>The workflow's own card notices, next to the shared ones in <see cref="CardNotices"/>.</summary>
internal static class WorkflowNotices
{
    /// <summary>Unclaim, draft and resolve belong to the owner; another member gets this instead.</summary>
    public static CardNotice OwnerOnly(Texts texts, string ownerName) => new(Require(texts).Format("Card_Notice_OwnerOnly", ownerName), CardNoticeKind.Warning);

    public static CardNotice AssigneeNotAMember(Texts texts, string assigneeName, string departmentName) =>
        new(Require(texts).Format("Card_Notice_AssigneeNotAMember", assigneeName, departmentName), CardNoticeKind.Warning);

    public static CardNotice AssigneeNotFound(Texts texts) => new(Require(texts)["Card_Notice_AssigneeNotFound"], CardNoticeKind.Warning);

    private static Texts Require(Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts;
    }
}
