namespace TeamsEscalationBot.BotFramework.Schema;

/// <summary>Activity <c>type</c> values of the Bot Framework activity protocol.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string InvokeResponse = "invokeResponse";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string EndOfConversation = "endOfConversation";
}

/// <summary>Well-known <c>name</c> values of invoke activities.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

/// <summary><c>action</c> values of an <c>installationUpdate</c> activity.</summary>
public static class InstallationUpdateActionTypes
{
    public const string Add = "add";
    public const string AddUpgrade = "add-upgrade";
    public const string Remove = "remove";
    public const string RemoveUpgrade = "remove-upgrade";
}

/// <summary>Channel ids and conversation types Teams uses.</summary>
public static class Channels
{
    public const string Msteams = "msteams";
}

public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}
