namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>The public network the complaint was made on.</summary>
public enum Network
{
    Other,
    X,
    Facebook,
    Instagram,
    TikTok,
    LinkedIn,
    Email,
}
