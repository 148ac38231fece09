namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The answer of a directory lookup: <see cref="Found"/>, <see cref="NotFound"/> or <see cref="Unavailable"/>.
/// There is deliberately no <c>Value</c>, no default and no conversion on the base type: a caller reaches a value only
/// through <see cref="Match{TResult}"/> or a pattern on <see cref="Found"/>, so "the directory could not answer" can
/// never be read as "no" (for example "not a member"). The constructor is private: these three are the only outcomes.
/// </summary>
internal abstract class DirectoryLookup<T>
{
    private DirectoryLookup()
    {
    }

    /// <summary>Calls exactly one of the three functions, for the outcome this is.</summary>
    public abstract TResult Match<TResult>(Func<T, TResult> found, Func<TResult> notFound, Func<Unavailable, TResult> unavailable);

    /// <summary>The directory answered with a value (for a membership check, <c>false</c> means "not a member").</summary>
    public sealed class Found(T value) : DirectoryLookup<T>
    {
        public T Value { get; } = value;

        public override TResult Match<TResult>(Func<T, TResult> found, Func<TResult> notFound, Func<Unavailable, TResult> unavailable)
        {
            ArgumentNullException.ThrowIfNull(found);
            return found(Value);
        }

        public override string ToString() => $"Found({Value})";
    }

    /// <summary>The directory answered that the user does not exist.</summary>
    public sealed class NotFound : DirectoryLookup<T>
    {
        internal static readonly NotFound Instance = new();

        private NotFound()
        {
        }

        public override TResult Match<TResult>(Func<T, TResult> found, Func<TResult> notFound, Func<Unavailable, TResult> unavailable)
        {
            ArgumentNullException.ThrowIfNull(notFound);
            return notFound();
        }

        public override string ToString() => "NotFound";
    }

    /// <summary>
    /// The directory could not answer (throttled, down, timed out, missing permission, not configured): nothing is
    /// known, the caller says "try again" (after <see cref="RetryAfter"/> when the directory said how long).
    /// </summary>
    public sealed class Unavailable(string reason, TimeSpan? retryAfter) : DirectoryLookup<T>
    {
        /// <summary>For logs and administrators, in English; not meant for end users.</summary>
        public string Reason { get; } = reason;

        public TimeSpan? RetryAfter { get; } = retryAfter;

        public override TResult Match<TResult>(Func<T, TResult> found, Func<TResult> notFound, Func<Unavailable, TResult> unavailable)
        {
            ArgumentNullException.ThrowIfNull(unavailable);
            return unavailable(this);
        }

        /// <summary>The same failure as the answer to a lookup of another type.</summary>
        public DirectoryLookup<TOther> As<TOther>() => DirectoryLookup.Unavailable<TOther>(Reason, RetryAfter);

        public override string ToString() => RetryAfter is { } wait ? $"Unavailable({Reason}; retry after {wait})" : $"Unavailable({Reason})";
    }
}

/// <summary>Creates <see cref="DirectoryLookup{T}"/> outcomes.</summary>
internal static class DirectoryLookup
{
    public static DirectoryLookup<T> Found<T>(T value) => new DirectoryLookup<T>.Found(value);

    public static DirectoryLookup<T> NotFound<T>() => DirectoryLookup<T>.NotFound.Instance;

    public static DirectoryLookup<T> Unavailable<T>(string reason, TimeSpan? retryAfter = null) =>
        new DirectoryLookup<T>.Unavailable(reason, retryAfter);
}
