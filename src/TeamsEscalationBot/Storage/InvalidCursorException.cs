namespace TeamsEscalationBot.Storage;

/// <summary>
/// A list cursor the store did not issue (typed by hand, cut short, from the other storage provider): the caller's
/// mistake, answered as a bad request, never a server error.
/// </summary>
internal sealed class InvalidCursorException : ArgumentException
{
    public InvalidCursorException()
        : base("The cursor is not valid for this store; start again without one.", "query")
    {
    }

    public InvalidCursorException(string message)
        : base(message)
    {
    }

    public InvalidCursorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
