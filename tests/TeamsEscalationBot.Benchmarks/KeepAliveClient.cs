using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// A lean HTTP/1.1 load client for one target: the same request bytes (built once) sent over kept-alive loopback
/// connections, one per concurrent worker, and each answer read to its end (Content-Length or chunked) and judged by its
/// status code. It does what <see cref="HttpClient"/> does on the wire for these requests with a fraction of the CPU,
/// which matters here because the load generator shares the machine's cores with the targets. Every target is driven
/// by the same code, and the answers' content is checked separately (the gates, with <see cref="HttpClient"/>).
/// </summary>
internal sealed class KeepAliveClient : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly IPEndPoint _endpoint;
    private readonly byte[] _request;
    private readonly ConcurrentBag<Connection> _idle = [];
    private readonly ConcurrentBag<Connection> _all = [];

    public KeepAliveClient(Uri baseAddress, string path, string token, byte[] body)
    {
        _endpoint = new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port);
        var head = Encoding.ASCII.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\n\r\n");
        _request = [.. head, .. body];
    }

    /// <summary>Sends the request once; true when the answer was 200 (its body read to the end).</summary>
    public async Task<bool> PostAsync()
    {
        if (!_idle.TryTake(out var connection))
        {
            connection = new Connection();
            _all.Add(connection);
        }

        try
        {
            // A kept-alive connection the server closed while it was idle (node closes them after 5 s) fails before any
            // byte of an answer: like HttpClient, send once more on a new connection.
            var reused = connection.Socket is not null;
            try
            {
                return await SendAsync(connection);
            }
            catch (Exception ex) when (reused && connection.Received == 0 && ex is SocketException or IOException)
            {
                connection.Close();
                return await SendAsync(connection);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or InvalidDataException)
        {
            connection.Close();
            return false;
        }
        finally
        {
            _idle.Add(connection);
        }
    }

    private async Task<bool> SendAsync(Connection connection)
    {
        if (connection.Socket is null)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(_endpoint);
            connection.Socket = socket;
        }

        connection.Received = 0;
        await connection.Socket.SendAsync(_request, SocketFlags.None);
        var (status, keepAlive) = await ReadResponseAsync(connection);
        if (!keepAlive)
        {
            connection.Close();
        }

        return status == 200;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            connection.Close();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task<(int Status, bool KeepAlive)> ReadResponseAsync(Connection c)
    {
        var headerEnd = await FillUntilAsync(c, HeaderEnd);
        var head = c.Buffer.AsSpan(c.Start, headerEnd - c.Start);
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("Not an HTTP/1.1 status line.");
        }

        long contentLength = -1;
        var chunked = false;
        var keepAlive = true;
        foreach (var range in head.Split(CrLf))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
            {
                if (!Utf8Parser.TryParse(value, out contentLength, out _))
                {
                    throw new InvalidDataException("Bad Content-Length.");
                }
            }
            else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0;
            }
            else if (Ascii.EqualsIgnoreCase(name, "connection"u8))
            {
                keepAlive = !Ascii.EqualsIgnoreCase(value, "close"u8);
            }
        }

        c.Start = headerEnd + HeaderEnd.Length;
        if (chunked)
        {
            while (true)
            {
                var lineEnd = await FillUntilAsync(c, CrLf);
                var sizeText = c.Buffer.AsSpan(c.Start, lineEnd - c.Start);
                var semicolon = sizeText.IndexOf((byte)';');
                if (!Utf8Parser.TryParse(semicolon >= 0 ? sizeText[..semicolon] : sizeText, out long size, out _, 'x'))
                {
                    throw new InvalidDataException("Bad chunk size.");
                }

                c.Start = lineEnd + CrLf.Length;
                await SkipAsync(c, size + CrLf.Length);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else if (contentLength > 0)
        {
            await SkipAsync(c, contentLength);
        }
        else if (contentLength < 0 && status != 204 && status != 304)
        {
            // No length: the body runs to the end of the connection.
            keepAlive = false;
        }

        return (status, keepAlive);
    }

    /// <summary>Reads until <paramref name="marker"/> is in the buffer; its index.</summary>
    private static async ValueTask<int> FillUntilAsync(Connection c, byte[] marker)
    {
        while (true)
        {
            var found = c.Buffer.AsSpan(c.Start, c.End - c.Start).IndexOf(marker);
            if (found >= 0)
            {
                return c.Start + found;
            }

            await ReceiveAsync(c);
        }
    }

    private static async ValueTask SkipAsync(Connection c, long count)
    {
        while (true)
        {
            var available = c.End - c.Start;
            if (available >= count)
            {
                c.Start += (int)count;
                return;
            }

            count -= available;
            c.Start = c.End = 0;
            await ReceiveAsync(c);
        }
    }

    private static async ValueTask ReceiveAsync(Connection c)
    {
        if (c.Start > 0)
        {
            c.Buffer.AsSpan(c.Start, c.End - c.Start).CopyTo(c.Buffer);
            c.End -= c.Start;
            c.Start = 0;
        }

        if (c.End == c.Buffer.Length)
        {
            throw new InvalidDataException("Response headers larger than the buffer.");
        }

        var read = await c.Socket!.ReceiveAsync(c.Buffer.AsMemory(c.End), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        c.End += read;
        c.Received += read;
    }

    private sealed class Connection
    {
        public Socket? Socket { get; set; }

        public byte[] Buffer { get; } = new byte[BufferSize];

        public int Start { get; set; }

        public int End { get; set; }

        /// <summary>Bytes received for the request in flight.</summary>
        public int Received { get; set; }

        public void Close()
        {
            Socket?.Dispose();
            Socket = null;
            Start = End = 0;
        }
    }
}
