namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>Length limits shared by the domain, intake validation and the cards.</summary>
public static class ComplaintLimits
{
    /// <summary>Notes, reasons, comments, drafts and answers.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>The complaint text itself, as the intake contract states.</summary>
    public const int MaxComplaintTextLength = 10_000;

    /// <summary>Source, external id, author handle, category, department id.</summary>
    public const int MaxShortFieldLength = 200;

    /// <summary>A BCP 47 tag is at most 35 characters in practice.</summary>
    public const int MaxLanguageLength = 35;

    public const int MaxUrlLength = 2_048;
}
